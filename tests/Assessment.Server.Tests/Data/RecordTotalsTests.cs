using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Assessment.Core.Backup;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Data;

// The maintained totals an action reads (RecordTotals, kept by triggers) are what a recount of
// the records gives: after every kind of action, after a new revision left earlier records stale,
// after records written behind the server's back, and on a restored copy that acted again.
public sealed class RecordTotalsTests
{
    private const string Recount = """
        SELECT "PatchId", 'review', "Revision", "By", "Verdict", "Commit", '', COUNT(*), MAX("Id") FROM "Reviews"
        GROUP BY "PatchId", "Revision", "By", "Verdict", "Commit"
        UNION ALL
        SELECT "PatchId", 'test', "Revision", "By", "Result", "Commit", '', COUNT(*), MAX("Id") FROM "Tests"
        GROUP BY "PatchId", "Revision", "By", "Result", "Commit"
        UNION ALL
        SELECT "PatchId", 'deployment', "Revision", "By", "Environment", "Commit", "EnvironmentKind", COUNT(*), MAX("Id") FROM "Deployments"
        GROUP BY "PatchId", "Revision", "By", "Environment", "Commit", "EnvironmentKind"
        """;

    private const string Totals = """
        SELECT "PatchId", "Kind", "Revision", "By", "Outcome", "Commit", "Scope", "Count", "LatestId" FROM "RecordTotals"
        """;

    [Fact]
    public async Task The_totals_equal_a_recount_after_actions_revisions_records_written_aside_and_a_restore()
    {
        using var s = await Scenario.StartAsync();
        await s.RegularInStateAsync("deployed");
        await s.RegularInStateAsync("changes-requested");
        var revised = await s.RegularInStateAsync("reviewed");
        // A new revision: bob's and carol's approvals become stale; bob approves twice on the new one.
        await ApiAssert.StatusAsync(await s.ReviseAsync(revised, "alice", s.Revision2), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(revised, "bob"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(revised, "bob"), HttpStatusCode.Created);
        // Records written behind the server's back are counted too: the database keeps the totals
        // (copies of the first three: bob's and carol's stale approvals and bob's first on revision 2).
        Assert.Equal(3, s.App.ExecuteSql($"""
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At")
            SELECT "PatchId", "By", "Verdict", 'again', "Commit", "Revision", "At" FROM "Reviews" WHERE "PatchId" = {revised} ORDER BY "Id" LIMIT 3
            """));

        var live = Rows(s.App, Totals);
        Assert.Equal(Rows(s.App, Recount), live);
        Assert.Contains(live, r => r.StartsWith($"{revised}|review|2|bob|approve|", StringComparison.Ordinal) && r.Split('|')[7] == "3");
        Assert.Contains(live, r => r.Contains("|deployment|", StringComparison.Ordinal) && r.Contains("|production|", StringComparison.Ordinal));
        Assert.Contains(live, r => r.Contains("|test|", StringComparison.Ordinal));

        if (s.App.IsPostgreSQL) return; // backup and restore are SQLite's (PostgreSQL: pg_dump, README)
        var backup = Path.Combine(TempGitRepo.NewTempFolder("totals-backup"), "backup.db");
        await SqliteBackup.BackupAsync(s.App.DatabasePath, backup, CancellationToken.None);
        var restoredData = TempGitRepo.NewTempFolder("totals-restored");
        await SqliteBackup.RestoreAsync(backup, restoredData, TimeProvider.System, CancellationToken.None);
        using var restored = new AssessmentApp(dataDirectory: restoredData);
        using var carol = restored.As(s["carol"].DefaultRequestHeaders.Authorization!.Parameter!);
        await ApiAssert.StatusAsync(
            await carol.PostAsJsonAsync($"/api/patches/{revised}/reviews", new { verdict = "approve", comment = "after the restore" }), HttpStatusCode.Created);
        var afterRestore = Rows(restored, Totals);
        Assert.Equal(Rows(restored, Recount), afterRestore);
        Assert.Equal(live.Count + 1, afterRestore.Count); // carol's first approval of revision 2
    }

    private static List<string> Rows(AssessmentApp app, string sql)
    {
        using var connection = app.OpenDatabaseConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
