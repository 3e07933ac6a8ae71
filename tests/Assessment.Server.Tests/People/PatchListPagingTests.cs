using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.People;

// GET /api/patches with limit and cursor: a JSON array per page, the next page in the Link header.
public sealed class PatchListPagingTests
{
    [Fact]
    public async Task Pages_follow_the_next_link_in_id_order_and_patches_added_meanwhile_are_neither_repeated_nor_missed()
    {
        using var s = await Scenario.StartAsync();
        var ids = new List<int>();
        for (var i = 0; i < 5; i++) ids.Add(await s.SubmitAsync());

        var seen = new List<int>();
        var (page, next) = await PageAsync(s, "/api/patches?limit=2");
        seen.AddRange(page);
        Assert.Equal(ids[..2], page);
        Assert.NotNull(next);
        Assert.Contains("limit=2", next, StringComparison.Ordinal);

        // Two patches arrive while the reader is between pages.
        ids.Add(await s.SubmitAsync());
        ids.Add(await s.SubmitAsync());
        while (next is not null)
        {
            (page, next) = await PageAsync(s, next);
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page);
        }
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_100_and_the_last_page_has_no_link()
    {
        using var s = await Scenario.StartAsync();
        await s.SubmitAsync();
        var response = await s["admin"].GetAsync("/api/patches");
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.False(response.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("actionable=bob", "actionable")]
    public async Task Bad_paging_is_refused_naming_the_field(string query, string field)
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/patches?{query}"), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Search_finds_by_title_description_bug_and_commit()
    {
        using var s = await Scenario.StartAsync();
        var escape = await s.SubmitAsync(); // "Escape user names", bug 1234, head Fix2
        var openssl = (await s.CreatedAsync("frank", "/api/patches", new
        {
            repository = Scenario.Repo, title = "Upgrade OpenSSL", description = "Against **Heartbleed**.",
            @base = s.Revision2, head = s.Openssl, bug = "998",
        })).Int("id");

        Assert.Equal([escape], await IdsAsync(s, "q=user+NAMES"));
        Assert.Equal([openssl], await IdsAsync(s, "q=heartbleed"));
        Assert.Equal([openssl], await IdsAsync(s, "q=998"));
        Assert.Equal([escape], await IdsAsync(s, $"q={s.Fix2[..10]}"));
        Assert.Equal([openssl], await IdsAsync(s, $"q={s.Openssl[..7]}"));
        Assert.Empty(await IdsAsync(s, "q=nothing-like-this"));
    }

    private static async Task<List<int>> IdsAsync(Scenario s, string query) =>
        [.. (await s.GetAsync("admin", $"/api/patches?{query}")).EnumerateArray().Select(p => p.Int("id"))];

    private static async Task<(List<int> Ids, string? Next)> PageAsync(Scenario s, string path)
    {
        var response = await s["admin"].GetAsync(path);
        var page = await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
        string? next = null;
        if (response.Headers.TryGetValues("Link", out var links))
        {
            var link = Assert.Single(links);
            Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
            next = link[1..link.IndexOf('>', StringComparison.Ordinal)];
        }
        return ([.. page.EnumerateArray().Select(p => p.Int("id"))], next);
    }
}
