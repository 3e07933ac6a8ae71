using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// An action may carry the person's own DSSE envelope (docs/evidence-format.md#action); the
// server checks it against the actor's registered keys and the request before recording.
public sealed class SignedActionTests
{
    private static async Task<(Scenario S, int Id, PersonKeyPair Bob)> BobWithKeyAsync()
    {
        var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        var bob = PersonKeyPair.P256();
        await ApiAssert.StatusAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey = bob.PublicPem }), HttpStatusCode.Created);
        return (s, id, bob);
    }

    private static object Review(Scenario s, int id, PersonKeyPair key, string verdict = "approve", string? commit = null,
        string by = "bob", TimeSpan? skew = null) =>
        new
        {
            verdict, comment = "read it", signature =
                key.Sign(Scenario.Repo, commit ?? s.Fix2, id, 1, "review", verdict, by, s.App.Clock.GetUtcNow() + (skew ?? TimeSpan.Zero)),
        };

    [Fact]
    public async Task An_action_signed_by_a_key_not_registered_to_the_actor_is_refused_with_nothing_recorded()
    {
        var (s, id, _) = await BobWithKeyAsync();
        using var _s = s;
        var carols = PersonKeyPair.Ed25519();
        await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = carols.OpenSshLine }), HttpStatusCode.Created);
        var before = (await s.EventsAsync()).Length;

        foreach (var other in new[] { carols, PersonKeyPair.P256() })
        {
            await ApiAssert.ProblemAsync(await s.PostAsync("bob", $"/api/patches/{id}/reviews", Review(s, id, other)),
                HttpStatusCode.UnprocessableEntity, "signature", other.KeyId, "not a key registered to bob", "nothing was recorded");
        }

        Assert.Equal(before, (await s.EventsAsync()).Length);
        Assert.Empty((await s.PatchAsync(id)).Items("reviews"));
    }

    [Fact]
    public async Task A_signed_review_is_recorded_with_its_key_and_its_event_names_the_signature()
    {
        var (s, id, bob) = await BobWithKeyAsync();
        using var _s = s;

        await ApiAssert.StatusAsync(await s.PostAsync("bob", $"/api/patches/{id}/reviews", Review(s, id, bob)), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol"), HttpStatusCode.Created);

        var reviews = (await s.PatchAsync(id)).Items("reviews");
        Assert.Equal([(true, bob.KeyId), (false, null)], reviews.Select(r => (r.Bool("signed"), r.TryGetProperty("keyId", out var k) ? k.GetString() : null)));
        var logged = (await s.EventsAsync(id)).Where(e => e.Str("type") == "patch.reviewed").ToArray();
        Assert.Equal(bob.KeyId, logged[0].GetProperty("data").GetProperty("signature").Str("keyId"));
        Assert.StartsWith("sha256:", logged[0].GetProperty("data").GetProperty("signature").Str("digest"), StringComparison.Ordinal);
        Assert.False(logged[1].GetProperty("data").TryGetProperty("signature", out _));
    }

    [Fact]
    public async Task A_signature_that_says_something_else_than_the_request_is_refused_naming_what_differs()
    {
        var (s, id, bob) = await BobWithKeyAsync();
        using var _s = s;
        var before = (await s.EventsAsync()).Length;

        var cases = new (object Body, string Mention)[]
        {
            (new { verdict = "approve", signature = bob.Sign(Scenario.Repo, s.Fix2, id, 1, "review", "request-changes", "bob", s.App.Clock.GetUtcNow()) },
                "verdict"),
            (Review(s, id, bob, commit: s.Fix1), "commit"),
            (Review(s, id, bob, by: "carol"), "person"),
            (Review(s, id, bob, skew: TimeSpan.FromMinutes(11)), "minutes"),
            (new { verdict = "approve", signature = new { payloadType = "x" } }, "not a DSSE envelope"),
        };
        foreach (var (body, mention) in cases)
        {
            await ApiAssert.ProblemAsync(await s.PostAsync("bob", $"/api/patches/{id}/reviews", body),
                HttpStatusCode.UnprocessableEntity, "signature", mention);
        }
        Assert.Equal(before, (await s.EventsAsync()).Length);
    }

    [Fact]
    public async Task The_document_requires_a_signed_approval_from_an_assessor_with_a_key_and_not_from_one_without()
    {
        var (s, id, _) = await BobWithKeyAsync();
        using var _s = s;

        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.UnprocessableEntity,
            "signature", "regular.md line", "'approve'", "nothing was recorded");
        Assert.Empty((await s.PatchAsync(id)).Items("reviews"));

        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob", "request-changes"), HttpStatusCode.Created);
    }
}
