using System.Net;
using Assessment.Server.Tests.Patches;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.People;

// A page of the list, a search and the queue read as many rows (counted by an EF Core
// interceptor on every reader the server opens) with thousands of patches and a patch with a
// long history in the database as with a handful: they are bounded by the page, not the database.
public sealed class BoundedListReadTests
{
    private const int Patches = 3_000;
    private const int History = 5_000;

    [Fact]
    public async Task The_list_a_search_and_the_queue_read_a_bounded_number_of_rows_whatever_the_database_holds()
    {
        var rows = new RowCounter();
        using var s = await Scenario.StartAsync(services: rows.AddTo);
        var deployed = await s.RegularInStateAsync("deployed");
        var waiting = await s.SubmitAsync();
        // The long one: revised, so that its old revision's records are history.
        var longPatch = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(longPatch, "bob", "request-changes"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviseAsync(longPatch, "alice", s.Revision2), HttpStatusCode.Created);
        Clone(s, deployed, 20, "Small");
        Clone(s, waiting, 20, "Small");

        var paths = new[] { "/api/patches?limit=20", "/api/patches?q=escape&limit=20", "/api/patches?actionable=me&limit=20" };
        var small = new long[paths.Length];
        for (var i = 0; i < paths.Length; i++) small[i] = await LeastRowsAsync(s, rows, paths[i], longPatch);

        // Thousands of patches, done and waiting, and a long history on a patch of the first page.
        Clone(s, deployed, Patches, "Done");
        Clone(s, waiting, Patches, "Waiting");
        var written = s.App.ExecuteSql($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {History})
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At")
            SELECT {longPatch}, CASE WHEN i % 2 = 0 THEN 'bob' ELSE 'carol' END, 'request-changes', 'Not yet.', '{s.Fix2}', 1, 639000000000000000 + i FROM n
            """);
        Assert.Equal(History, written);

        for (var i = 0; i < paths.Length; i++)
        {
            var large = await LeastRowsAsync(s, rows, paths[i], longPatch);
            Assert.True(large <= small[i] + 2, $"{paths[i]} read {large} rows with {2 * Patches} more patches, {small[i]} without");
            Assert.True(large < 400, $"{paths[i]} read {large} rows for a page of 20");
        }
    }

    // Copies a patch row (and its first revision) `count` times, behind the server's back.
    private static void Clone(Scenario s, int template, int count, string word)
    {
        const string columns = """
            "Kind", "State", "Title", "Description", "RepositoryId", "Author", "CommitAuthor", "CommitIdentities", "DeclaredBy", "Base", "Head",
            "Revision", "Bug", "Follows", "Reason", "Arbitration", "ReviewDeadline", "CreatedAt", "UpdatedAt", "OutcomeAt", "Version"
            """;
        var copied = s.App.ExecuteSql($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "Patches" ({columns})
            SELECT "Kind", "State", '{word} copy', "Description", "RepositoryId", "Author", "CommitAuthor", "CommitIdentities", "DeclaredBy", "Base", "Head",
                1, "Bug", "Follows", "Reason", "Arbitration", "ReviewDeadline", "CreatedAt", "UpdatedAt", "OutcomeAt", "Version"
            FROM "Patches", n WHERE "Id" = {template}
            """);
        Assert.Equal(count, copied);
        s.App.ExecuteSql($"""
            INSERT INTO "Revisions" ("PatchId", "Number", "Base", "Head", "By", "At", "Rebase")
            SELECT p."Id", 1, p."Base", p."Head", 'alice', p."CreatedAt", FALSE FROM "Patches" p
            WHERE p."Title" = '{word} copy' AND NOT EXISTS (SELECT 1 FROM "Revisions" r WHERE r."PatchId" = p."Id")
            """);
    }

    // The least of three identical reads: background work (the mail outbox, the log's
    // self-check) can only add rows. The long patch must be on the page, or the test proves nothing.
    private static async Task<long> LeastRowsAsync(Scenario s, RowCounter rows, string path, int mustShow)
    {
        var least = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = rows.Rows;
            var user = path.Contains("actionable", StringComparison.Ordinal) ? "bob" : "admin";
            var page = await ApiAssert.StatusAsync(await s[user].GetAsync(path), HttpStatusCode.OK);
            least = Math.Min(least, rows.Rows - before);
            Assert.Contains(mustShow, page.EnumerateArray().Select(p => p.Int("id")));
        }
        return least;
    }
}
