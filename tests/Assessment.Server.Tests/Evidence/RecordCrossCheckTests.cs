using System.Net;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Personal;
using Assessment.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Evidence;

// A review written into the database behind the server's back, with no event, with an event
// the intruder appended (chain recomputed) but no signature, or with a signature by a key that
// is not bob's: both `audit verify` and `handover verify` name it.
public sealed class RecordCrossCheckTests
{
    public enum Forgery { NoEvent, EventWithoutSignature, EventWithForeignSignature }

    private static object Signed(Scenario s, PersonKeyPair key, int id, string action, string? verdict, string by, object body) =>
        JsonMerge(body, "signature", key.Sign(Scenario.Repo, s.Fix2, id, 1, action, verdict, by, s.App.Clock.GetUtcNow()));

    private static Dictionary<string, object?> JsonMerge(object body, string name, object value)
    {
        var merged = System.Text.Json.JsonSerializer.SerializeToElement(body).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal);
        merged[name] = value;
        return merged;
    }

    // What someone holding the database file does: a review row, and (optionally) its event,
    // appended with a correctly recomputed hash, so the chain alone still verifies.
    private static async Task ForgeBobsApprovalAsync(Scenario s, int id, Forgery forgery)
    {
        string? envelope = null;
        if (forgery == Forgery.EventWithForeignSignature)
        {
            var mallory = PersonKeyPair.P256();
            envelope = Dsse.ToJson(ActionStatement.Sign(mallory.Signer, Scenario.Repo, s.Fix2,
                new ActionPredicate(id, 1, "review", "approve", "bob", s.App.Clock.GetUtcNow())));
        }
        var signature = envelope is null ? "NULL" : $"'{envelope.Replace("'", "''", StringComparison.Ordinal)}'";
        s.App.ExecuteSql($"""
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At", "Signature")
            VALUES ({id}, 'bob', 'approve', '', '{s.Fix2}', 1, {s.App.Clock.GetUtcNow().UtcTicks}, {signature})
            """);
        if (forgery == Forgery.NoEvent) return;
        var workflowHash = (await s.EventsAsync(id)).First(e => e.Str("type") == "patch.submitted").Str("workflowHash");
        using var scope = s.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        object data = envelope is null
            ? new { action = "approve", from = "submitted", to = "submitted", revision = 1, details = new { verdict = "approve", comment = "" } }
            : new { action = "approve", from = "submitted", to = "submitted", revision = 1, details = new { verdict = "approve", comment = "" },
                    signature = new { keyId = "", digest = ActionSignatures.DigestOf(envelope) } };
        await audit.AppendAsync(db, new AuditEntry("bob", "patch.reviewed", data, id, s.Fix2, workflowHash), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData(Forgery.NoEvent, "no event in the log records it")]
    [InlineData(Forgery.EventWithoutSignature, "carries no personal signature")]
    [InlineData(Forgery.EventWithForeignSignature, "no key of bob's")]
    public async Task A_review_inserted_into_the_database_is_caught_by_audit_verify_and_handover_verify(Forgery forgery, string why)
    {
        using var s = await Scenario.StartAsync();
        var (bob, carol) = (PersonKeyPair.P256(), PersonKeyPair.Ed25519());
        await ApiAssert.StatusAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey = bob.PublicPem }), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = carol.PublicPem }), HttpStatusCode.Created);
        var id = await s.SubmitAsync();
        var clean = await s.GetAsync("audrey", "/api/audit/verify");
        Assert.True(clean.Bool("ok"), clean.ToString());

        await ForgeBobsApprovalAsync(s, id, forgery);
        await ApiAssert.StatusAsync(await s.PostAsync("carol", $"/api/patches/{id}/reviews",
            Signed(s, carol, id, "review", "approve", "carol", new { verdict = "approve" })), HttpStatusCode.Created);
        await s.StepsAsync(id, s.Fix2, "alice", "deploy-test", "pass");
        await ApiAssert.StatusAsync(await s.PostAsync("carol", $"/api/patches/{id}/blessing",
            Signed(s, carol, id, "bless", null, "carol", new { comment = "ok" })), HttpStatusCode.Created);

        var verified = await s.GetAsync("audrey", "/api/audit/verify");
        Assert.False(verified.Bool("ok"), verified.ToString());
        Assert.Contains($"of patch {id} by bob (approve)", verified.Str("detail"), StringComparison.Ordinal);
        Assert.Contains(why, verified.Str("detail"), StringComparison.Ordinal);

        var handover = await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsStringAsync();
        using var content = new StringContent(handover, System.Text.Encoding.UTF8, "application/json");
        var online = await ApiAssert.StatusAsync(await s["audrey"].PostAsync("/api/handover/verify", content), HttpStatusCode.OK);
        Assert.False(online.Bool("ok"), online.ToString());
        Assert.Contains("the review by bob", online.Str("detail"), StringComparison.Ordinal);
    }
}
