using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Pages;

// The timeline says of each logged event whether its maker signed it, and with which key.
public sealed partial class TimelinePageTests
{
    [GeneratedRegex("<li[^>]*>.*?</li>", RegexOptions.Singleline)]
    private static partial Regex Item();

    [Fact]
    public async Task A_signed_review_is_marked_signed_in_the_timeline_and_an_unsigned_one_is_not()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var bob = PersonKeyPair.Ed25519();
        await ApiAssert.StatusAsync(await s["bob"].PostAsJsonAsync("/api/me/keys", new { publicKey = bob.OpenSshLine }), HttpStatusCode.Created);
        var signature = bob.Sign(PageServer.Repo, s.Fix1, id, 1, "review", "approve", "bob", s.App.Clock.GetUtcNow());
        await ApiAssert.StatusAsync(await s["bob"].PostAsJsonAsync($"/api/patches/{id}/reviews",
            new { verdict = "approve", comment = "read it", signature }), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s["carol"].PostAsJsonAsync($"/api/patches/{id}/reviews",
            new { verdict = "approve", comment = "read it too" }), HttpStatusCode.Created);
        using var browser = PageFormTests.Browser(s);
        await PageFormTests.SignInAsync(browser, s.TokenOf("dave"));

        var html = await browser.GetStringAsync(new Uri($"/patches/{id}", UriKind.Relative));

        var timeline = html[html.IndexOf("<ol class=\"timeline\">", StringComparison.Ordinal)..];
        timeline = timeline[..timeline.IndexOf("</ol>", StringComparison.Ordinal)];
        var items = Item().Matches(timeline).Select(m => WebUtility.HtmlDecode(m.Value)).ToList();
        Assert.Equal(3, items.Count);
        var byBob = Assert.Single(items, i => i.Contains("<strong>bob</strong>", StringComparison.Ordinal));
        Assert.Contains("signed with key " + bob.KeyId, byBob, StringComparison.Ordinal);
        var byCarol = Assert.Single(items, i => i.Contains("<strong>carol</strong>", StringComparison.Ordinal));
        Assert.Contains("not signed", byCarol, StringComparison.Ordinal);
        // Submitting is not an action the documents let anyone sign: nothing is said of it.
        var submitted = Assert.Single(items, i => i.Contains("<strong>alice</strong>", StringComparison.Ordinal));
        Assert.DoesNotContain("signed", submitted, StringComparison.Ordinal);
    }
}
