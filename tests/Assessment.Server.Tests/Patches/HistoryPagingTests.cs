using System.Net;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// GET /api/patches/{id} pages the patch's records (at most `limit` of each kind, a Link to the
// next page while more remain), so its answer is bounded whatever the history; the pages are
// stable (keyset on ids) and together hold every record exactly once.
public sealed class HistoryPagingTests
{
    [Fact]
    public async Task Pages_hold_every_record_once_in_order_and_a_record_added_meanwhile_lands_on_a_later_page()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("reviewed");
        Insert(s, id, 23, "bob");

        var first = await s["admin"].GetAsync($"/api/patches/{id}?limit=10");
        var firstPage = await ApiAssert.StatusAsync(first, HttpStatusCode.OK);
        Assert.Equal(10, firstPage.GetProperty("reviews").GetArrayLength());
        var next = Next(first) ?? throw new Xunit.Sdk.XunitException("no next link on a patch with 25 reviews and limit 10");
        Assert.Contains("limit=10", next, StringComparison.Ordinal);

        // A review recorded between two page reads: no page shifts, it appears once, at the end.
        Assert.Equal(HttpStatusCode.Created, (await s.ReviewAsync(id, "oscar", commit: s.Fix2)).StatusCode);

        var seen = Comments(firstPage).ToList();
        var pages = 1;
        for (string? link = next; link is not null; pages++)
        {
            var response = await s["admin"].GetAsync(link);
            var page = await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
            Assert.True(page.GetProperty("reviews").GetArrayLength() <= 10);
            Assert.Equal(firstPage.Str("state"), page.Str("state"));
            seen.AddRange(Comments(page));
            link = Next(response);
        }

        var expected = new[] { "bob", "carol" }.Concat(Enumerable.Range(1, 23).Select(i => $"#{i}")).ToList();
        Assert.Equal(26, seen.Count);
        Assert.Equal(expected, seen.Take(25));
        Assert.Equal(3, pages);
        // The last page also held the only revision: no kind is shown twice across pages.
        var revisions = (await s.GetAsync("admin", $"/api/patches/{id}?limit=10")).GetProperty("revisions").GetArrayLength();
        Assert.Equal(1, revisions);
    }

    [Fact]
    public async Task A_patch_with_10000_records_answers_one_bounded_page_with_the_rules_judged_on_its_history()
    {
        var rows = new RowCounter();
        using var s = await Scenario.StartAsync(services: rows.AddTo);
        var small = await s.RegularInStateAsync("reviewed");
        var large = await s.RegularInStateAsync("reviewed");
        Insert(s, small, 150, "bob");
        Insert(s, large, 10_000, "bob");

        var (smallRows, smallBytes, _) = await MeasureAsync(s, rows, small);
        var (largeRows, largeBytes, largePage) = await MeasureAsync(s, rows, large);

        Assert.True(largeRows <= smallRows + 2, $"GET read {largeRows} rows on 10,000 records, {smallRows} on 150");
        Assert.True(largeBytes <= smallBytes + 512, $"GET answered {largeBytes} bytes on 10,000 records, {smallBytes} on 150");
        Assert.Equal(100, largePage.GetProperty("reviews").GetArrayLength());
        // Counts and next actions are judged on the patch, not on the page: 10,000 approvals by
        // the same person count as on a patch with 150, and offer the same.
        Assert.Equal(
            (await s.PatchAsync(small)).GetProperty("counts").ToString(),
            largePage.GetProperty("counts").ToString());
        Assert.Equal(await s.NextActionsAsync(small, "oscar"), await s.NextActionsAsync(large, "oscar"));
        Assert.Equal(await s.NextActionsAsync(small, "bob"), await s.NextActionsAsync(large, "bob"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("cursor=1.2.3", "cursor")]
    public async Task A_bad_limit_or_cursor_is_a_problem_naming_it(string query, string field)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        var detail = await ApiAssert.ProblemAsync(await s["admin"].GetAsync($"/api/patches/{id}?{query}"), HttpStatusCode.BadRequest);
        Assert.StartsWith(field + ":", detail, StringComparison.Ordinal);
    }

    // Reviews written behind the server's back, numbered in their comments (#1, #2, ...).
    private static void Insert(Scenario s, int patch, int count, string by) =>
        Assert.Equal(count, s.App.ExecuteSql($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At")
            SELECT {patch}, '{by}', 'approve', '#' || i, '{s.Fix2}', 1, 639000000000000000 + i FROM n
            """));

    private static IEnumerable<string> Comments(JsonElement patch) =>
        patch.GetProperty("reviews").EnumerateArray().Select(r => r.Str("comment") is { Length: > 0 } c && c.StartsWith('#') ? c : r.Str("by")!);

    private static string? Next(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(l => l.Split(';', 2)).Where(p => p.Length == 2 && p[1].Contains("rel=\"next\"", StringComparison.Ordinal))
                .Select(p => p[0].Trim().TrimStart('<').TrimEnd('>')).FirstOrDefault()
            : null;

    private static async Task<(long Rows, long Bytes, JsonElement Page)> MeasureAsync(Scenario s, RowCounter rows, int id)
    {
        var least = long.MaxValue;
        byte[] body = [];
        for (var i = 0; i < 3; i++)
        {
            var before = rows.Rows;
            var response = await s["admin"].GetAsync($"/api/patches/{id}");
            body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(Next(response));
            least = Math.Min(least, rows.Rows - before);
        }
        return (least, body.Length, JsonDocument.Parse(body).RootElement.Clone());
    }
}
