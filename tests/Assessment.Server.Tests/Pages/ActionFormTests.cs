using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Pages;

// The forms of the patch page are the engine's answer for this person: each request it allows
// now, named by its workflow document's Label, and no other.
public sealed partial class ActionFormTests
{
    [GeneratedRegex("<input type=\"radio\" name=\"(verdict|result)\" value=\"([a-z-]+)\"[^>]*>\\s*([^<]+)</label>")]
    private static partial Regex Choice();

    [Fact]
    public async Task On_test_an_assessor_may_only_request_changes_and_the_form_offers_nothing_else()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.OnTestAsync();

        var html = await PatchPageAsync(s, "carol", id);

        // regular.md: approve is taken from submitted and reviewed only; request-changes also on test.
        Assert.Equal([("verdict", "request-changes", "Request changes")], Choices(html));
        Assert.Contains("id=\"deploy-test-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"bless-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_emergency_offers_its_documents_labels()
    {
        using var s = await PageServer.StartAsync();
        var declared = await s["sam"].PostAsJsonAsync("/api/emergencies", new
        {
            repository = PageServer.Repo, commit = s.Fix1, title = "Escape user names now", reason = "exploited",
        });
        var id = (await ApiAssert.StatusAsync(declared, HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var html = await PatchPageAsync(s, "bob", id);

        // emergency.md's Requests table: "review request-changes" is labelled "Request remedial changes".
        Assert.Equal([("verdict", "approve", "Approve"), ("verdict", "request-changes", "Request remedial changes")], Choices(html));
    }

    [Fact]
    public async Task A_tester_is_offered_the_documents_labels_for_pass_and_fail()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.OnTestAsync();

        var html = await PatchPageAsync(s, "dave", id);

        Assert.Equal([("result", "pass", "Record a pass"), ("result", "fail", "Record a failure")], Choices(html));
    }

    private static async Task<string> PatchPageAsync(PageServer s, string user, int id)
    {
        using var browser = PageFormTests.Browser(s);
        await PageFormTests.SignInAsync(browser, s.TokenOf(user));
        return await browser.GetStringAsync(new Uri($"/patches/{id}", UriKind.Relative));
    }

    private static List<(string, string, string)> Choices(string html) =>
        [.. Choice().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value, WebUtility.HtmlDecode(m.Groups[3].Value).Trim()))];
}
