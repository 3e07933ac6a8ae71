using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Access;

// The findings of the access review, one test each, written against the public interface only
// (the server in-process, the admin token, users made through the API), so that the same file
// also runs against the code before the fixes and shows each finding there.
public sealed class FindingTests
{
    [Fact]
    public async Task Pages_carry_a_content_security_policy_without_inline_script_and_no_framing()
    {
        using var app = new AssessmentApp();
        using var browser = app.CreateClient();
        using var response = await browser.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var values), "no Content-Security-Policy header");
        var policy = string.Join(";", values);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var script = policy.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("script-src", StringComparison.Ordinal))
            ?? policy.Split(';').Select(d => d.Trim()).First(d => d.StartsWith("default-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", script, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_user_name_with_a_trailing_newline_is_refused_with_400_and_no_event()
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        var before = await EventCountAsync(admin);
        using var body = new StringContent("{\"name\":\"ass1\\n\",\"roles\":[\"tester\"],\"motion\":\"m1\"}", Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("/api/users", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync(admin));
    }

    [Theory]
    [InlineData("to=9999-12-31")]
    [InlineData("to=0001-01-01")]
    public async Task Report_dates_out_of_range_are_refused_with_400(string query)
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        using var response = await admin.GetAsync(new Uri("/api/audit/report?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_user_without_a_role_is_refused_the_event_log()
    {
        using var app = new AssessmentApp();
        using var nora = await app.UserAsync("nora");
        using var response = await nora.GetAsync(new Uri("/api/audit/events", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_on_the_next_request()
    {
        using var app = new AssessmentApp();
        using var alice = await app.UserAsync("alice", "developer");
        using var created = await alice.PostAsJsonAsync("/api/me/tokens", new { name = "laptop" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await created.Content.ReadFromJsonAsync<JsonElement>();
        using var laptop = app.As(token.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        var id = token.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync(new Uri($"/api/me/tokens/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_users_token_and_page_session_are_refused_on_the_next_request()
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        using var alice = await app.UserAsync("alice", "developer");
        var token = alice.DefaultRequestHeaders.Authorization!.Parameter!;
        var (browser, _) = await SignInAsync(app, token);
        using (browser)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/patches", UriKind.Relative))).StatusCode);
            using var deactivated = await admin.PostAsJsonAsync("/api/users/alice/deactivation", new { motion = "m-2026-01" });
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
            using var page = await browser.GetAsync(new Uri("/patches", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_page_cookie_does_not_hold_the_token()
    {
        using var app = new AssessmentApp();
        using var alice = await app.UserAsync("alice", "developer");
        var token = alice.DefaultRequestHeaders.Authorization!.Parameter!;
        var (browser, cookies) = await SignInAsync(app, token);
        using (browser)
        {
            Assert.NotEmpty(cookies);
            Assert.All(cookies, c => Assert.DoesNotContain(token, Uri.UnescapeDataString(c), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Repeated_failed_sign_ins_are_answered_429()
    {
        using var app = new AssessmentApp();
        using var wrong = app.As("asm_wrong");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++) statuses.Add((await wrong.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    private static async Task<int> EventCountAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/audit/events")).GetArrayLength();

    // Signs a browser in at /login with a token; returns it (not following redirects) and the
    // cookies the sign-in set.
    private static async Task<(HttpClient Browser, List<string> Cookies)> SignInAsync(AssessmentApp app, string token)
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var html = await browser.GetStringAsync(new Uri("/login", UriKind.Relative));
        var field = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(field)), KeyValuePair.Create("token", token)]);
        using var response = await browser.PostAsync(new Uri("/login", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        return (browser, cookies);
    }
}
