using System.Globalization;
using System.Text;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Evidence;

// The records check walks the patches in batches (keyset over the patch id) to keep its memory
// flat, and lists only the first of its findings: batches of one patch find exactly what one
// batch of everything finds (a record deleted, a record with no event, an event with no record,
// each on its own patch and so in its own batch), and GET /api/audit/verify lists the first 100
// of many findings with their total and a note that more exist.
public sealed class RecordBatchTests
{
    [Fact]
    public async Task Batches_of_one_patch_find_what_one_batch_finds()
    {
        using var s = await Scenario.StartAsync();
        var tested = await s.RegularInStateAsync("tested");
        var blessed = await s.RegularInStateAsync("blessed");
        var reviewed = await s.RegularInStateAsync("reviewed");
        var submitted = await s.RegularInStateAsync("submitted");
        // A record gone from the database: dave's pass of the tested patch.
        Assert.Equal(1, s.App.ExecuteSql($"""DELETE FROM "Tests" WHERE "PatchId" = {tested} AND "By" = 'dave'"""));
        // A record with no event: dave's approval of the reviewed patch.
        s.App.ExecuteSql($"""
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At")
            VALUES ({reviewed}, 'dave', 'approve', '', '{s.Fix2}', 1, {s.App.Clock.GetUtcNow().UtcTicks})
            """);
        // An event with no record: carol's approval of the submitted patch, appended to the chain.
        using var scope = s.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var workflowHash = (await s.EventsAsync(submitted)).First(e => e.Str("type") == "patch.submitted").Str("workflowHash");
        await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(db, new AuditEntry("carol", "patch.reviewed",
            new { action = "approve", from = "submitted", to = "submitted", revision = 1, details = new { verdict = "approve", comment = "" } },
            submitted, s.Fix2, workflowHash), CancellationToken.None);
        await db.SaveChangesAsync();

        var whole = await StoredRecords.CheckAsync(db, 1_000, patchBatch: 1_000_000, eventBatch: 1_000_000, CancellationToken.None);
        var byPatch = await StoredRecords.CheckAsync(db, 1_000, patchBatch: 1, eventBatch: 1_000_000, CancellationToken.None);
        var byEvent = await StoredRecords.CheckAsync(db, 1_000, patchBatch: 1_000_000, eventBatch: 1, CancellationToken.None);

        Assert.Equal(3, whole.Total);
        Assert.Contains(whole.First, f => f.Detail.Contains($"records dave's 'pass' of patch {tested}, but the database holds no such record", StringComparison.Ordinal));
        Assert.Contains(whole.First, f => f.Detail.Contains($"of patch {reviewed} by dave (approve)", StringComparison.Ordinal)
            && f.Detail.Contains("no event in the log records it", StringComparison.Ordinal));
        Assert.Contains(whole.First, f => f.Detail.Contains($"records carol's 'approve' of patch {submitted}, but the database holds no such record", StringComparison.Ordinal));
        Assert.DoesNotContain(whole.First, f => f.Detail.Contains($"patch {blessed}", StringComparison.Ordinal));
        foreach (var batched in new[] { byPatch, byEvent })
        {
            Assert.Equal(whole.Total, batched.Total);
            Assert.Equal(whole.FirstEvent, batched.FirstEvent);
            Assert.Equal(whole.First.OrderBy(f => f.Detail, StringComparer.Ordinal), batched.First.OrderBy(f => f.Detail, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Audit_verify_lists_the_first_hundred_findings_and_counts_them_all()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("submitted");
        const int forged = 130;
        var rows = new StringBuilder();
        for (var i = 0; i < forged; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}({id}, 'dave', 'approve', 'forged {i}', '{s.Fix2}', 1, {s.App.Clock.GetUtcNow().UtcTicks})");
        }
        s.App.ExecuteSql($"""INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At") VALUES {rows}""");

        var verified = await s.GetAsync("audrey", "/api/audit/verify");

        Assert.False(verified.Bool("ok"), verified.ToString());
        Assert.Equal(100, verified.GetProperty("records").GetArrayLength());
        Assert.Equal(forged, verified.GetProperty("recordsTotal").GetInt64());
        Assert.Contains($"{forged} records do not match; only the first 100 are listed", verified.Str("recordsNote"), StringComparison.Ordinal);
        Assert.All(verified.GetProperty("records").EnumerateArray(),
            r => Assert.Contains($"of patch {id} by dave (approve)", r.GetProperty("detail").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_clean_log_lists_no_findings_and_counts_none()
    {
        using var s = await Scenario.StartAsync();
        await s.RegularInStateAsync("blessed");

        var verified = await s.GetAsync("audrey", "/api/audit/verify");

        Assert.True(verified.Bool("ok"), verified.ToString());
        Assert.Equal(0, verified.GetProperty("records").GetArrayLength());
        Assert.Equal(0, verified.GetProperty("recordsTotal").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, verified.GetProperty("recordsNote").ValueKind);
    }
}
