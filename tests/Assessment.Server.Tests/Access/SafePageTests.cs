using System.Net;
using System.Text.RegularExpressions;
using Assessment.Server.Tests.Pages;

namespace Assessment.Server.Tests.Access;

// A developer's Markdown reaches an assessor's browser: it must not carry script, and the page
// tells the browser to run none that is not this site's own.
public sealed partial class SafePageTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task A_javascript_autolink_in_a_description_is_shown_as_text_under_a_strict_policy()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync(description:
            "Details: <javascript:fetch('/patches/1/review',{method:'POST'})> and <vbscript:msgbox(1)> and " +
            "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==> and [bug](https://bugs.example.org/1).");
        using var browser = await SignedInAsync(s, "bob");

        var page = await browser.GetAsync(new Uri($"/patches/{id}", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"vbscript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("javascript:fetch(", html, StringComparison.Ordinal); // shown, as text
        Assert.Contains("href=\"https://bugs.example.org/1\"", html, StringComparison.Ordinal);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        AssertStrictPolicy(policy);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/workflows/regular")]
    [InlineData("/api/me")]
    [InlineData("/healthz")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var s = await PageServer.StartAsync();
        using var client = new HttpClient { BaseAddress = s.BaseAddress };
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        AssertStrictPolicy(Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task Signing_in_with_a_raw_non_ascii_return_address_goes_to_the_patch_list()
    {
        using var s = await PageServer.StartAsync();
        using var browser = Browser(s);
        var response = await SignInAsync(browser, s.TokenOf("bob"), "/\u00e9");
        Assert.Equal("/patches", response.Headers.Location?.OriginalString);
    }

    internal static void AssertStrictPolicy(string policy)
    {
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d, StringComparer.Ordinal);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
    }

    internal static HttpClient Browser(PageServer s) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = s.BaseAddress };

    internal static async Task<HttpClient> SignedInAsync(PageServer s, string user)
    {
        var browser = Browser(s);
        var response = await SignInAsync(browser, s.TokenOf(user));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string apiToken, string returnUrl = "/patches") =>
        await browser.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(
        [
            KeyValuePair.Create("__RequestVerificationToken", await AntiforgeryTokenAsync(browser, "/login")),
            KeyValuePair.Create("token", apiToken),
            KeyValuePair.Create("returnUrl", returnUrl),
        ]));

    internal static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, $"no antiforgery field on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
