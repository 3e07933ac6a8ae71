using System.Net;
using System.Net.Http.Json;
using Assessment.Server.Tests.Pages;
using Assessment.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Assessment.Server.Tests.Access.SafePageTests;

namespace Assessment.Server.Tests.Access;

// The browser's sign-in: a cookie with a server-side session id, never the API token; ended
// by sign-out or deactivation; its forms' antiforgery tokens belong to the signed-in user.
public sealed class SessionTests
{
    [Fact]
    public async Task The_cookie_holds_a_session_id_not_the_token_and_sign_out_ends_the_session()
    {
        using var s = await PageServer.StartAsync();
        using var browser = Browser(s);
        var signIn = await SignInAsync(browser, s.TokenOf("bob"));

        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("assessment_session=", StringComparison.Ordinal));
        Assert.DoesNotContain(s.TokenOf("bob"), cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(s.TokenOf("bob")[4..20], cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP, no trusted proxy
        var sessionId = cookie.Split(';')[0]["assessment_session=".Length..];
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/patches", UriKind.Relative))).StatusCode);

        // The session id is no API token, and the API does not take the page cookie.
        using var withId = s.App.As(sessionId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withId.GetAsync(new Uri(s.BaseAddress, "/api/me"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);

        var token = await AntiforgeryTokenAsync(browser, "/logout");
        await browser.PostAsync(new Uri("/logout", UriKind.Relative), new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]));
        using var replay = Browser(s);
        replay.DefaultRequestHeaders.Add("Cookie", "assessment_session=" + sessionId);
        var after = await replay.GetAsync(new Uri("/patches", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deactivated_users_session_is_refused_on_the_next_request()
    {
        using var s = await PageServer.StartAsync();
        using var browser = await SignedInAsync(s, "bob");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/patches", UriKind.Relative))).StatusCode);

        await ApiAssert.StatusAsync(await s.App.Admin.PostAsJsonAsync(new Uri(s.BaseAddress, "/api/users/bob/deactivation"), new { motion = "m1" }),
            HttpStatusCode.OK);

        var refused = await browser.GetAsync(new Uri("/patches", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/login", refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var again = await SignInAsync(Browser(s), s.TokenOf("bob"));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task A_form_token_of_one_user_is_refused_in_another_users_session()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        using var bob = await SignedInAsync(s, "bob");
        using var carol = await SignedInAsync(s, "carol");
        var bobsToken = await AntiforgeryTokenAsync(bob, $"/patches/{id}");

        var forged = await carol.PostAsync(new Uri($"/patches/{id}/review", UriKind.Relative), new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", bobsToken), KeyValuePair.Create("verdict", "approve"), KeyValuePair.Create("commit", s.Fix1)]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await s.PatchAsync(id)).Items("reviews"));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_that_terminated_TLS_the_cookie_is_secure()
    {
        using var trusted = await ProxiedSignInAsync("127.0.0.1");
        Assert.Contains("secure", trusted, StringComparison.OrdinalIgnoreCase);
        using var untrusted = await ProxiedSignInAsync(null);
        Assert.DoesNotContain("secure", untrusted, StringComparison.OrdinalIgnoreCase);
    }

    // Signs in through the form with X-Forwarded-Proto: https, the proxy being trusted or not.
    private static async Task<CookieLine> ProxiedSignInAsync(string? trustedProxy)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (trustedProxy is not null) settings["Assessment:TrustedProxies:0"] = trustedProxy;
        var app = new AssessmentApp(kestrel: true, settings: settings);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        var page = await browser.GetAsync(new Uri("/login", UriKind.Relative));
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var html = await page.Content.ReadAsStringAsync();
        var field = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(field)),
                KeyValuePair.Create("token", AssessmentApp.AdminToken), KeyValuePair.Create("returnUrl", "/patches")]),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        post.Headers.Add("X-Forwarded-Proto", "https");
        post.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var response = await browser.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new CookieLine(app, response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("assessment_session=", StringComparison.Ordinal)));
    }

    private sealed record CookieLine(AssessmentApp App, string Value) : IDisposable
    {
        public static implicit operator string(CookieLine line) => line.Value;

        public void Dispose() => App.Dispose();
    }
}
