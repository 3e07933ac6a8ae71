using System.Net;
using System.Net.Http.Json;
using Assessment.TestSupport;
using System.Text.RegularExpressions;

namespace Assessment.Server.Tests.Pages;

// The page forms over plain HTTP (no browser needed): sign-in cookie, antiforgery, redirects.
public sealed partial class PageFormTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task Pages_redirect_to_login_and_the_cookie_is_httponly_and_strict()
    {
        using var s = await PageServer.StartAsync();
        using var browser = Browser(s);

        var list = await browser.GetAsync(new Uri("/patches?state=submitted", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fpatches%3Fstate%3Dsubmitted", list.Headers.Location?.OriginalString);

        var signIn = await SignInAsync(browser, s.TokenOf("bob"), returnUrl: "//evil.example/phish");
        Assert.Equal("/patches", signIn.Headers.Location?.OriginalString); // never off-site
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("assessment_session=", StringComparison.Ordinal));
        Assert.DoesNotContain(s.TokenOf("bob"), cookie, StringComparison.Ordinal); // a session id, not the token
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/patches", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused_and_records_nothing()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        using var browser = Browser(s);
        await SignInAsync(browser, s.TokenOf("bob"));

        var forged = await browser.PostAsync(new Uri($"/patches/{id}/review", UriKind.Relative), Form(("verdict", "approve"), ("commit", s.Fix1)));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await s.PatchAsync(id)).GetProperty("reviews").GetArrayLength());

        // The same post with the token the page carries is recorded, then redirected (303) to the patch.
        var token = await AntiforgeryTokenAsync(browser, $"/patches/{id}");
        var real = await browser.PostAsync(new Uri($"/patches/{id}/review", UriKind.Relative),
            Form(("__RequestVerificationToken", token), ("verdict", "approve"), ("commit", s.Fix1), ("comment", "ok")));
        Assert.Equal(HttpStatusCode.SeeOther, real.StatusCode);
        Assert.Equal($"/patches/{id}?done=review", real.Headers.Location?.OriginalString);
        Assert.Equal(1, (await s.PatchAsync(id)).GetProperty("reviews").GetArrayLength());
    }

    [Fact]
    public async Task A_refusal_of_the_engine_is_shown_on_the_page_with_its_status()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        using var browser = Browser(s);
        await SignInAsync(browser, s.TokenOf("alice"));

        // Alice (developer) has no review form; a hand-made post is refused by the engine, not by the page.
        var token = await AntiforgeryTokenAsync(browser, $"/patches/{id}");
        var own = await browser.PostAsync(new Uri($"/patches/{id}/review", UriKind.Relative),
            Form(("__RequestVerificationToken", token), ("verdict", "approve"), ("commit", s.Fix1)));
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        var html = await own.Content.ReadAsStringAsync();
        Assert.Contains("<strong>403 Not allowed</strong>", html, StringComparison.Ordinal);
        Assert.Contains("may be taken by assessor", html, StringComparison.Ordinal);
        Assert.Equal(0, (await s.PatchAsync(id)).GetProperty("reviews").GetArrayLength());
    }

    [Fact]
    public async Task The_list_filters_and_highlights_overdue_emergencies()
    {
        using var s = await PageServer.StartAsync();
        var regular = await s.SubmitAsync();
        var declared = await s["sam"].PostAsJsonAsync("/api/emergencies", new
        {
            repository = PageServer.Repo, commit = s.Fix1, title = "Upgrade OpenSSL (Heartbleed)", reason = "CVE-2014-0160", arbitration = "a1",
        });
        var emergency = (await ApiAssert.StatusAsync(declared, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        s.App.Clock.Advance(TimeSpan.FromDays(30)); // past the review deadline of workflows/emergency.md
        using var browser = Browser(s);
        await SignInAsync(browser, s.TokenOf("bob"));

        var all = await browser.GetStringAsync(new Uri("/patches", UriKind.Relative));
        Assert.Contains($"<tr class=\"overdue\"><td><a href=\"/patches/{emergency}\">", all, StringComparison.Ordinal);
        Assert.Contains($"<tr><td><a href=\"/patches/{regular}\">", all, StringComparison.Ordinal);
        Assert.Contains("Signed in as <strong>bob</strong>", all, StringComparison.Ordinal);

        var overdue = await browser.GetStringAsync(new Uri("/patches?overdue=true", UriKind.Relative));
        Assert.Contains($"href=\"/patches/{emergency}\"", overdue, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/patches/{regular}\"", overdue, StringComparison.Ordinal);
        var submitted = await browser.GetStringAsync(new Uri("/patches?state=submitted&kind=regular", UriKind.Relative));
        Assert.Contains($"href=\"/patches/{regular}\"", submitted, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/patches/{emergency}\"", submitted, StringComparison.Ordinal);
    }

    // A review signed with the reviewer's own key is marked so on the patch page, with the key's
    // id; an unsigned one is not.
    [Fact]
    public async Task A_signed_review_is_marked_signed_on_the_patch_page()
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
        using var browser = Browser(s);
        await SignInAsync(browser, s.TokenOf("dave"));

        var html = await browser.GetStringAsync(new Uri($"/patches/{id}", UriKind.Relative));

        var marks = Regex.Matches(html, "<span class=\"badge signed\" title=\"signed with ([a-z]+)&#x27;s own key ([^\"]+)\">");
        var mark = Assert.Single(marks);
        Assert.Equal(("bob", bob.KeyId), (mark.Groups[1].Value, WebUtility.HtmlDecode(mark.Groups[2].Value)));
    }

    internal static HttpClient Browser(PageServer s) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = s.BaseAddress };

    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string apiToken, string returnUrl = "/patches")
    {
        var token = await AntiforgeryTokenAsync(browser, "/login");
        var response = await browser.PostAsync(new Uri("/login", UriKind.Relative),
            Form(("__RequestVerificationToken", token), ("token", apiToken), ("returnUrl", returnUrl)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    internal static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, $"no antiforgery field on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    internal static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
}
