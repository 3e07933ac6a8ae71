using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Assessment.TestSupport;
using static Assessment.Server.Tests.Pages.PageFormTests;

namespace Assessment.Server.Tests.Pages;

// The overview's pictures and tables against a history made with known times (the server's
// clock is the test's): the weeks of the trend run back from the day after now.
public sealed partial class OverviewPageTests
{
    [GeneratedRegex("<td>([^<]*)</td>")]
    private static partial Regex Cell();

    [Fact]
    public async Task The_trend_the_emergency_and_the_load_show_the_seeded_times()
    {
        using var s = await PageServer.StartAsync();
        // Now will be 2026-03-11 09:00: the weeks start on 2026-01-15, week 6 on 02-26, week 7 on 03-05.
        var first = await s.SubmitAsync("Escape user names"); // 03-02 09:00
        await ReviewAfterAsync(s, first, "bob", TimeSpan.FromDays(1)); // waited 1 day
        await ReviewAfterAsync(s, first, "carol", TimeSpan.FromDays(1)); // waited 2 days
        s.App.Clock.Advance(TimeSpan.FromDays(1)); // 03-05 09:00
        var second = await s.SubmitAsync("Escape e-mail addresses");
        await ReviewAfterAsync(s, second, "bob", TimeSpan.FromDays(3)); // waited 3 days
        await ReviewAfterAsync(s, second, "carol", TimeSpan.FromDays(1)); // waited 4 days, 03-09 09:00
        s.App.Clock.Advance(TimeSpan.FromDays(1)); // 03-10 09:00
        var declared = await s["sam"].PostAsJsonAsync("/api/emergencies", new
        {
            repository = PageServer.Repo, commit = s.Fix2, title = "Heartbleed", reason = "CVE-2014-0160", arbitration = "a-7",
        });
        var emergency = (await ApiAssert.StatusAsync(declared, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        s.App.Clock.Advance(TimeSpan.FromDays(1)); // 03-11 09:00
        using var admin = s.App.Admin;
        var step = (await ApiAssert.StatusAsync(await admin.GetAsync($"/api/audit/events?patch={first}"), HttpStatusCode.OK)).EnumerateArray()
            .Last().GetProperty("data").Str("action");
        using var dave = Browser(s);
        await SignInAsync(dave, s.TokenOf("dave"));

        var html = await dave.GetStringAsync(new Uri("/overview", UriKind.Relative));

        Assert.Contains("The 8 weeks from 2026-01-15 to 2026-03-11.", html, StringComparison.Ordinal);
        var row = Regex.Match(html, $"<tr><th scope=\"row\">{Regex.Escape(step)}</th>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for {step}");
        Assert.Equal(["–", "–", "–", "–", "–", "–", "1.5 (2)", "3.5 (2)"], Cell().Matches(row.Groups[1].Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));
        Assert.Contains($"<title>{step}, week of 02-26: 1.5 d</title>", html, StringComparison.Ordinal);
        Assert.Contains($"<title>{step}, week of 03-05: 3.5 d</title>", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-trend-title\">Waiting time per step, week by week</title>", html, StringComparison.Ordinal);

        var deadline = (await s.PatchAsync(emergency)).GetProperty("reviewDeadline").GetDateTimeOffset() - new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
        Assert.Contains($"#{emergency} Heartbleed", html, StringComparison.Ordinal);
        Assert.Contains($"24 h open, deadline {deadline.TotalHours:0} h", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, ">2 reviews, 0 tests</text>").Count); // bob and carol
        Assert.Contains("<a href=\"/overview\" aria-current=\"page\">Overview</a>", html, StringComparison.Ordinal);
    }

    private static async Task ReviewAfterAsync(PageServer s, int id, string assessor, TimeSpan wait)
    {
        s.App.Clock.Advance(wait);
        await ApiAssert.StatusAsync(await s[assessor].PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "approve", comment = "ok" }), HttpStatusCode.Created);
    }
}
