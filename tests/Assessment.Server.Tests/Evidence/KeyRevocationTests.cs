using System.Net;
using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Evidence.Records;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// A person revokes their own key (DELETE /api/me/keys/{id}), an administrator anyone's
// (DELETE /api/users/{name}/keys/{id}); each is a user.key-revoked event. A revoked key signs no
// new action, and what it signed before stays verifiable everywhere.
public sealed class KeyRevocationTests
{
    [Fact]
    public async Task Ones_own_key_is_revoked_with_its_event_and_listed_with_revokedAt_and_bad_ids_are_refused_naming_the_field()
    {
        using var s = await Scenario.StartAsync();
        var (bob, carol) = (PersonKeyPair.P256(), PersonKeyPair.Ed25519());
        await ApiAssert.StatusAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey = bob.PublicPem }), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = carol.OpenSshLine }), HttpStatusCode.Created);
        s.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = (await s.EventsAsync()).Length;

        // Nobody revokes another's key through /api/me, and malformed or unknown ids change nothing.
        await ApiAssert.ProblemAsync(await s["bob"].DeleteAsync($"/api/me/keys/{carol.KeyId}"), HttpStatusCode.NotFound, "id", "not a key of bob's");
        await ApiAssert.ProblemAsync(await s["bob"].DeleteAsync("/api/me/keys/not-a-key"), HttpStatusCode.BadRequest, "id", "64 hex digits");
        await ApiAssert.ProblemAsync(await s["bob"].DeleteAsync($"/api/me/keys/{new string('0', 64)}"), HttpStatusCode.NotFound, "id");
        Assert.Equal(before, (await s.EventsAsync()).Length);

        var revoked = await ApiAssert.StatusAsync(await s["bob"].DeleteAsync($"/api/me/keys/{bob.KeyId}"), HttpStatusCode.OK);
        Assert.Equal((bob.KeyId, "bob"), (revoked.Str("id"), revoked.Str("user")));
        var listed = (await s.GetAsync("dave", "/api/users/bob/keys")).EnumerateArray().Single();
        Assert.Equal(s.App.Clock.GetUtcNow(), listed.GetProperty("revokedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, (await s.GetAsync("dave", "/api/users/carol/keys"))[0].GetProperty("revokedAt").ValueKind);
        var events = await s.EventsAsync();
        Assert.Equal(before + 1, events.Length);
        Assert.Equal(("user.key-revoked", "bob", revoked.GetProperty("event").GetInt64()),
            (events[^1].Str("type"), events[^1].Str("actor"), events[^1].GetProperty("sequence").GetInt64()));
        using (var data = JsonDocument.Parse(events[^1].Str("dataText")))
        {
            Assert.Equal(("bob", bob.KeyId), (data.RootElement.Str("user"), data.RootElement.Str("keyId")));
        }

        await ApiAssert.ProblemAsync(await s["bob"].DeleteAsync($"/api/me/keys/{bob.KeyId}"), HttpStatusCode.Conflict, "id", "was revoked at");
        Assert.Equal(before + 1, (await s.EventsAsync()).Length);
    }

    [Fact]
    public async Task An_administrator_revokes_anothers_key_and_no_one_else_may()
    {
        using var s = await Scenario.StartAsync();
        var carol = PersonKeyPair.Ed25519();
        await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = carol.PublicPem }), HttpStatusCode.Created);
        var before = (await s.EventsAsync()).Length;

        Assert.Equal(HttpStatusCode.Forbidden, (await s["bob"].DeleteAsync($"/api/users/carol/keys/{carol.KeyId}")).StatusCode);
        await ApiAssert.ProblemAsync(await s["admin"].DeleteAsync($"/api/users/nobody/keys/{carol.KeyId}"), HttpStatusCode.NotFound, "nobody");
        await ApiAssert.ProblemAsync(await s["admin"].DeleteAsync($"/api/users/bob/keys/{carol.KeyId}"), HttpStatusCode.NotFound, "id", "not a key of bob's");
        Assert.Equal(before, (await s.EventsAsync()).Length);

        await ApiAssert.StatusAsync(await s["admin"].DeleteAsync($"/api/users/carol/keys/{carol.KeyId.ToUpperInvariant()}"), HttpStatusCode.OK);
        var e = (await s.EventsAsync())[^1];
        Assert.Equal(("user.key-revoked", "admin"), (e.Str("type"), e.Str("actor")));
        Assert.Contains("\"user\":\"carol\"", e.Str("dataText"), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, (await s.GetAsync("bob", "/api/users/carol/keys"))[0].GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task A_revoked_key_signs_no_new_action_while_what_it_signed_before_still_verifies_online_and_offline()
    {
        using var s = await Scenario.StartAsync();
        var (bob, carol) = (PersonKeyPair.P256(), PersonKeyPair.Ed25519());
        await ApiAssert.StatusAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey = bob.PublicPem }), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = carol.PublicPem }), HttpStatusCode.Created);
        var id = await s.SubmitAsync();
        object Signed(PersonKeyPair key, int patch, string action, string? verdict, string by, string? body) => body is null
            ? new { comment = "ok", signature = key.Sign(Scenario.Repo, s.Fix2, patch, 1, action, verdict, by, s.App.Clock.GetUtcNow()) }
            : new { verdict = body, signature = key.Sign(Scenario.Repo, s.Fix2, patch, 1, action, verdict, by, s.App.Clock.GetUtcNow()) };
        await ApiAssert.StatusAsync(await s.PostAsync("bob", $"/api/patches/{id}/reviews", Signed(bob, id, "review", "approve", "bob", "approve")), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.PostAsync("carol", $"/api/patches/{id}/reviews", Signed(carol, id, "review", "approve", "carol", "approve")), HttpStatusCode.Created);
        await s.StepsAsync(id, s.Fix2, "alice", "deploy-test", "pass");
        await ApiAssert.StatusAsync(await s.PostAsync("carol", $"/api/patches/{id}/blessing", Signed(carol, id, "bless", null, "carol", null)), HttpStatusCode.Created);
        var handover = await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsStringAsync();

        s.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await ApiAssert.StatusAsync(await s["carol"].DeleteAsync($"/api/me/keys/{carol.KeyId}"), HttpStatusCode.OK);

        var next = await s.SubmitAsync();
        var before = (await s.EventsAsync()).Length;
        await ApiAssert.ProblemAsync(await s.PostAsync("carol", $"/api/patches/{next}/reviews", Signed(carol, next, "review", "approve", "carol", "approve")),
            HttpStatusCode.UnprocessableEntity, "signature", carol.KeyId, "revoked at");
        Assert.Equal(before, (await s.EventsAsync()).Length);
        Assert.Equal(0, (await s.PatchAsync(next)).GetProperty("reviews").GetArrayLength());

        var verify = await s.GetAsync("audrey", "/api/audit/verify");
        Assert.True(verify.Bool("ok"), verify.ToString());
        Assert.Equal(0, verify.GetProperty("records").GetArrayLength());
        Assert.Equal(handover, await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsStringAsync());
        using (var content = new StringContent(handover, System.Text.Encoding.UTF8, "application/json"))
        {
            var online = await ApiAssert.StatusAsync(await s["audrey"].PostAsync("/api/handover/verify", content), HttpStatusCode.OK);
            Assert.True(online.Bool("ok"), online.Str("detail"));
        }

        var server = (await s.GetAsync("audrey", "/api/keys")).EnumerateArray().Select(k => k.Str("publicKeyPem")).ToList();
        var people = (await s.GetAsync("audrey", "/api/people/keys")).EnumerateArray().Select(k => new PersonKey(k.Str("person"), k.Str("publicKeyPem"),
            k.GetProperty("registeredAt").GetDateTimeOffset(), k.GetProperty("revokedAt").ValueKind == JsonValueKind.Null ? null : k.GetProperty("revokedAt").GetDateTimeOffset())).ToList();
        Assert.Single(people, p => p.RevokedAt is not null);
        var documents = LoggedEvidence.From((await s.EventsAsync()).Select(e => new AuditEvent
        {
            Sequence = e.GetProperty("sequence").GetInt64(), At = e.GetProperty("at").GetDateTimeOffset(), Actor = e.Str("actor"),
            Type = e.Str("type"), WorkflowHash = e.GetProperty("workflowHash").GetString(), Data = e.Str("dataText"), PreviousHash = "", Hash = "",
        })).Document;
        var offline = HandoverKeys.Verify(handover, server, null, people, documents);
        Assert.True(offline.Ok, offline.Detail);
        Assert.Contains("with every personal signature", offline.Detail, StringComparison.Ordinal);

        // The verifier honours the revocation's time: had the key been revoked when carol signed, it fails
        // (her approval and blessing were made at the same instant of the test's clock; the first is named).
        var blessedAt = offline.Predicate!.BlessedAt;
        var early = people.Select(p => p.RevokedAt is null ? p : p with { RevokedAt = blessedAt }).ToList();
        var bad = HandoverKeys.Verify(handover, server, null, early, documents);
        Assert.False(bad.Ok);
        Assert.Contains("by carol", bad.Detail, StringComparison.Ordinal);
        Assert.Contains("no key of carol's in force", bad.Detail, StringComparison.Ordinal);
    }
}
