using System.Net;
using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Evidence.Records;
using Assessment.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Evidence;

// The hand-over carries every personal signature of the blessed revision's records; a verifier
// checks each against the people's keys as of the record's time, offline.
public sealed class HandoverSignatureTests
{
    private sealed record Signed(Scenario S, int Id, string Handover);

    private static object Body(Scenario s, PersonKeyPair key, int id, string action, string? verdict, string by, object extra) =>
        new Dictionary<string, object?>(((IEnumerable<KeyValuePair<string, object?>>)JsonSerializer.SerializeToElement(extra).EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, (object?)p.Value))))
        {
            ["signature"] = key.Sign(Scenario.Repo, s.Fix2, id, 1, action, verdict, by, s.App.Clock.GetUtcNow()),
        };

    // bob and carol approve and carol blesses, each signed; bob's test deployment and the passes are not.
    private static async Task<Signed> BlessedAsync(bool insertBobsReview = false)
    {
        var s = await Scenario.StartAsync();
        var (bob, carol) = (PersonKeyPair.P256(), PersonKeyPair.Ed25519());
        await ApiAssert.StatusAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey = bob.PublicPem }), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = carol.OpenSshLine }), HttpStatusCode.Created);
        var id = await s.SubmitAsync();
        if (insertBobsReview)
        {
            s.App.ExecuteSql($"""INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At") VALUES ({id}, 'bob', 'approve', '', '{s.Fix2}', 1, {s.App.Clock.GetUtcNow().UtcTicks})""");
        }
        else
        {
            await ApiAssert.StatusAsync(await s.PostAsync("bob", $"/api/patches/{id}/reviews", Body(s, bob, id, "review", "approve", "bob", new { verdict = "approve" })), HttpStatusCode.Created);
        }
        await ApiAssert.StatusAsync(await s.PostAsync("carol", $"/api/patches/{id}/reviews", Body(s, carol, id, "review", "approve", "carol", new { verdict = "approve" })), HttpStatusCode.Created);
        await s.StepsAsync(id, s.Fix2, "alice", "deploy-test", "pass");
        await ApiAssert.StatusAsync(await s.PostAsync("carol", $"/api/patches/{id}/blessing", Body(s, carol, id, "bless", null, "carol", new { comment = "ok" })), HttpStatusCode.Created);
        var handover = await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsStringAsync();
        return new Signed(s, id, handover);
    }

    private static async Task<(List<string> Server, List<PersonKey> People)> KeysAsync(Scenario s)
    {
        var server = (await s.GetAsync("audrey", "/api/keys")).EnumerateArray().Select(k => k.Str("publicKeyPem")).ToList();
        var people = (await s.GetAsync("audrey", "/api/people/keys")).EnumerateArray()
            .Select(k => new PersonKey(k.Str("person"), k.Str("publicKeyPem"), k.GetProperty("registeredAt").GetDateTimeOffset(), null)).ToList();
        return (server, people);
    }

    // The workflow document versions the log loaded, by content hash, read from the log as an outside verifier would.
    private static async Task<Func<string, SignatureDocument?>> DocumentsAsync(Scenario s) =>
        LoggedEvidence.From((await s.EventsAsync()).Select(e => new AuditEvent
        {
            Sequence = e.GetProperty("sequence").GetInt64(), At = e.GetProperty("at").GetDateTimeOffset(), Actor = e.Str("actor"),
            Type = e.Str("type"), WorkflowHash = e.GetProperty("workflowHash").GetString(), Data = e.Str("dataText"), PreviousHash = "", Hash = "",
        })).Document;

    // What whoever holds the server's key could issue: the same hand-over with one signature changed.
    private static string Forged(Scenario s, string handover, Func<HandoverPredicate, HandoverPredicate> change, List<string> server)
    {
        var p = Handover.Verify(handover, server[^1], SigningKey.KeyIdOf(server[^1])!, null).Predicate!;
        var key = s.App.Services.GetRequiredService<SigningKey>();
        return Dsse.ToJson(Handover.Issue(key, change(p), p.Repository, p.Commit));
    }

    [Fact]
    public async Task A_hand_over_with_every_personal_signature_verifies_offline_and_fails_when_one_is_removed_or_altered()
    {
        var (s, _, handover) = await BlessedAsync();
        using var _s = s;
        var (server, people) = await KeysAsync(s);
        var documents = await DocumentsAsync(s);

        var ok = HandoverKeys.Verify(handover, server, null, people, documents);
        Assert.True(ok.Ok, ok.Detail);
        Assert.Contains("with every personal signature", ok.Detail, StringComparison.Ordinal);
        Assert.Equal([true, true], ok.Predicate!.Reviewers.Select(r => r.Signature?.Envelope is not null));
        Assert.False(HandoverKeys.Verify(handover, server, null, people: null, documents).Ok);

        var removed = Forged(s, handover, p => p with
        {
            Reviewers = [p.Reviewers[0] with { Signature = p.Reviewers[0].Signature! with { Envelope = null } }, p.Reviewers[1]],
        }, server);
        var bad = HandoverKeys.Verify(removed, server, null, people, documents);
        Assert.False(bad.Ok);
        Assert.Contains("the review by bob", bad.Detail, StringComparison.Ordinal);
        Assert.Contains("carries no personal signature", bad.Detail, StringComparison.Ordinal);

        // carol's blessing envelope in place of her approval: a real signature, of something else.
        var altered = Forged(s, handover, p => p with
        {
            Reviewers = [p.Reviewers[0], p.Reviewers[1] with { Signature = p.BlessingSignature }],
        }, server);
        bad = HandoverKeys.Verify(altered, server, null, people, documents);
        Assert.False(bad.Ok);
        Assert.Contains("the review by carol", bad.Detail, StringComparison.Ordinal);
        Assert.Contains("'bless ", bad.Detail, StringComparison.Ordinal);

        var env = ok.Predicate.BlessingSignature!.Envelope!;
        var flipped = Forged(s, handover, p => p with
        {
            BlessingSignature = new PersonalSignature(true, env with { Signatures = [env.Signatures[0] with { Sig = Convert.ToBase64String(new byte[64]) }] }),
        }, server);
        bad = HandoverKeys.Verify(flipped, server, null, people, documents);
        Assert.False(bad.Ok);
        Assert.Contains("does not verify", bad.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_inserted_into_the_database_without_a_signature_is_caught_by_handover_verify()
    {
        var (s, _, handover) = await BlessedAsync(insertBobsReview: true);
        using var _s = s;
        var (server, people) = await KeysAsync(s);
        var documents = await DocumentsAsync(s);

        var offline = HandoverKeys.Verify(handover, server, null, people, documents);
        Assert.False(offline.Ok);
        Assert.Contains("the review by bob", offline.Detail, StringComparison.Ordinal);
        Assert.Contains("which the document required", offline.Detail, StringComparison.Ordinal);

        using var content = new StringContent(handover, System.Text.Encoding.UTF8, "application/json");
        var online = await ApiAssert.StatusAsync(await s["audrey"].PostAsync("/api/handover/verify", content), HttpStatusCode.OK);
        Assert.False(online.Bool("ok"));
        Assert.Contains("the review by bob", online.Str("detail"), StringComparison.Ordinal);
    }

    // The hand-over's "required" flags are the server's word: one that says bob's approval needed
    // no signature (or carries none at all) is judged by regular.md's Signatures table instead.
    [Fact]
    public async Task A_hand_over_whose_required_flag_is_rewritten_to_false_still_fails_by_the_documents_Signatures_table()
    {
        var (s, _, handover) = await BlessedAsync();
        using var _s = s;
        var (server, people) = await KeysAsync(s);
        var documents = await DocumentsAsync(s);

        foreach (var signature in new PersonalSignature?[] { null, new(false, null) })
        {
            var forged = Forged(s, handover, p => p with { Reviewers = [p.Reviewers[0] with { Signature = signature }, p.Reviewers[1]] }, server);
            var bad = HandoverKeys.Verify(forged, server, null, people, documents);
            Assert.False(bad.Ok, bad.Detail);
            Assert.Contains("the review by bob", bad.Detail, StringComparison.Ordinal);
            Assert.Contains("carries no personal signature", bad.Detail, StringComparison.Ordinal);
            Assert.Contains("regular.md line", bad.Detail, StringComparison.Ordinal);

            using var content = new StringContent(forged, System.Text.Encoding.UTF8, "application/json");
            var online = await ApiAssert.StatusAsync(await s["audrey"].PostAsync("/api/handover/verify", content), HttpStatusCode.OK);
            Assert.False(online.Bool("ok"), online.ToString());
        }

        var withoutDocument = HandoverKeys.Verify(handover, server, null, people, documents: null);
        Assert.False(withoutDocument.Ok);
        Assert.Contains("not at hand", withoutDocument.Detail, StringComparison.Ordinal);
    }
}
