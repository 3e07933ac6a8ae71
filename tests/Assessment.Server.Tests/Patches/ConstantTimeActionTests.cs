using System.Net;

namespace Assessment.Server.Tests.Patches;

// An action costs the same on a patch with a long history as on a new one: the rows it reads
// (counted by an EF Core interceptor on every query's reader the server opens) and the body it answers
// do not grow with the patch's records.
public sealed class ConstantTimeActionTests
{
    private const int Records = 10_000;

    [Fact]
    public async Task An_action_on_a_patch_with_10000_records_reads_and_answers_as_much_as_on_a_new_one()
    {
        var rows = new RowCounter();
        using var s = await Scenario.StartAsync(services: rows.AddTo);
        var fresh = await s.RegularInStateAsync("reviewed");
        var long_ = await s.RegularInStateAsync("reviewed");
        // The history, written behind the server's back: the same two assessors approving again
        // and again, on the current revision (the records an action used to load and answer).
        var written = s.App.ExecuteSql($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Records})
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At")
            SELECT {long_}, CASE WHEN i % 2 = 0 THEN 'bob' ELSE 'carol' END, 'approve', 'Read it again.', '{s.Fix2}', 1, 639000000000000000 + i FROM n
            """);
        Assert.Equal(Records, written);

        var (freshRows, freshBytes) = await MeasureAsync(s, rows, fresh);
        var (longRows, longBytes) = await MeasureAsync(s, rows, long_);

        // Bounded, not merely smaller: the same rows and about the same answer as the new patch.
        Assert.True(longRows <= freshRows + 2, $"the action read {longRows} rows on the long patch, {freshRows} on the new one");
        Assert.True(longBytes <= freshBytes + 512, $"the action answered {longBytes} bytes on the long patch, {freshBytes} on the new one");
        Assert.True(longRows < 100, $"the action read {longRows} rows");
        Assert.Equal("reviewed", (await s.PatchAsync(long_)).Str("state"));
    }

    // The least of three identical actions: a background read (the mail outbox, the log's
    // self-check) can only add rows, never take them away.
    private static async Task<(long Rows, long Bytes)> MeasureAsync(Scenario s, RowCounter rows, int id)
    {
        var least = long.MaxValue;
        long bytes = 0;
        for (var i = 0; i < 3; i++)
        {
            var before = rows.Rows;
            var response = await s.ReviewAsync(id, "oscar", commit: s.Fix2);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            least = Math.Min(least, rows.Rows - before);
            bytes = Math.Max(bytes, body.Length);
        }
        return (least, bytes);
    }
}
