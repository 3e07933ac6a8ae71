using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assessment.Server.Tests.Access;
using Assessment.TestSupport;
using static Assessment.Server.Tests.Pages.PageFormTests;

namespace Assessment.Server.Tests.Pages;

// The administration pages and one's own credentials, driven as a browser posts their forms
// (session cookie, antiforgery field, redirects not followed), each change then read back
// through the API and the log.
public sealed partial class AdminPageTests
{
    [GeneratedRegex("asm_[0-9a-f]{64}")]
    private static partial Regex ApiToken();

    [Fact]
    public async Task An_admin_creates_a_user_changes_their_roles_deactivates_activates_and_revokes_their_tokens()
    {
        using var s = await PageServer.StartAsync();
        using var admin = await SignedInAsync(s, AssessmentApp.AdminToken);
        using var api = s.App.Admin;

        var created = await PostAsync(admin, "/admin/users", "/admin/users", ("name", "erin"), ("roles", "tester"), ("email", "erin@example.org"), ("motion", "m-2026-07"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var token = ApiToken().Match(await created.Content.ReadAsStringAsync()).Value;
        using var erin = s.App.As(token);
        Assert.Equal("erin", (await ApiAssert.StatusAsync(await erin.GetAsync("/api/me"), HttpStatusCode.OK)).Str("name"));
        Assert.Equal(["tester"], (await UserAsync(api, "erin")).Items("roles").Select(r => r.GetString()));

        await RedirectedAsync(admin, "/admin/users", "/admin/users/erin/roles", "roles", ("roles", "tester"), ("roles", "auditor"), ("motion", "m-2026-08"));
        Assert.Equal(["auditor", "tester"], (await UserAsync(api, "erin")).Items("roles").Select(r => r.GetString()).Order(StringComparer.Ordinal));
        var roles = await LastEventAsync(api, "user.roles-changed");
        Assert.Equal("m-2026-08", roles.GetProperty("data").Str("motion"));

        await RedirectedAsync(admin, "/admin/users", "/admin/users/erin/deactivation", "deactivation", ("motion", "m-2026-09"));
        Assert.False((await UserAsync(api, "erin")).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await erin.GetAsync("/api/me")).StatusCode);
        Assert.Contains("deactivated", await admin.GetStringAsync(new Uri("/admin/users", UriKind.Relative)), StringComparison.Ordinal);

        await RedirectedAsync(admin, "/admin/users", "/admin/users/erin/activation", "activation", ("motion", "m-2026-10"));
        Assert.True((await UserAsync(api, "erin")).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await erin.GetAsync("/api/me")).StatusCode);

        await RedirectedAsync(admin, "/admin/users", "/admin/users/erin/tokens", "tokens");
        Assert.Equal(HttpStatusCode.Unauthorized, (await erin.GetAsync("/api/me")).StatusCode);
        var revoked = await LastEventAsync(api, "token.revoked");
        Assert.Equal(("admin", "erin", true), (revoked.Str("actor"), revoked.GetProperty("data").Str("user"), revoked.GetProperty("data").GetProperty("all").GetBoolean()));
        Assert.True((await ApiAssert.StatusAsync(await api.GetAsync("/api/audit/verify"), HttpStatusCode.OK)).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task An_admin_registers_and_removes_a_users_certificate_and_a_bad_pem_is_refused_on_the_page()
    {
        using var s = await PageServer.StartAsync();
        using var admin = await SignedInAsync(s, AssessmentApp.AdminToken);
        using var api = s.App.Admin;
        using var authority = TestCertificates.Authority("Volunteer CA");
        using var certificate = TestCertificates.Client(authority, "alice");
        var fingerprint = Convert.ToHexStringLower(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));

        await RedirectedAsync(admin, "/admin/users", "/admin/users/alice/certificates", "certificate", ("certificate", certificate.ExportCertificatePem()));
        var listed = Assert.Single((await ApiAssert.StatusAsync(await api.GetAsync("/api/users/alice/certificates"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal((fingerprint, "CN=alice", "CN=Volunteer CA"), (listed.Str("fingerprint"), listed.Str("subject"), listed.Str("issuer")));
        var page = await admin.GetStringAsync(new Uri("/admin/users", UriKind.Relative));
        Assert.Contains($"<code class=\"fingerprint\">{fingerprint}</code>", page, StringComparison.Ordinal);
        Assert.Equal(fingerprint, (await LastEventAsync(api, "certificate.registered")).GetProperty("data").Str("fingerprint"));

        var before = await EventCountAsync(api);
        var bad = await PostAsync(admin, "/admin/users", "/admin/users/alice/certificates", ("certificate", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("certificate: not a PEM certificate", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync(api));

        await RedirectedAsync(admin, "/admin/users", $"/admin/users/alice/certificates/{fingerprint}/removal", "certificate-removed");
        Assert.Empty((await ApiAssert.StatusAsync(await api.GetAsync("/api/users/alice/certificates"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(fingerprint, (await LastEventAsync(api, "certificate.removed")).GetProperty("data").Str("fingerprint"));
    }

    [Fact]
    public async Task An_admin_registers_a_repository_and_a_refused_one_is_shown_with_its_problem()
    {
        using var s = await PageServer.StartAsync();
        using var admin = await SignedInAsync(s, AssessmentApp.AdminToken);
        using var api = s.App.Admin;
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", new Dictionary<string, string?> { ["README"] = "www\n" });
        git.Branch("release");

        await RedirectedAsync(admin, "/admin/repositories", "/admin/repositories", "repository", ("name", "www"), ("path", git.Path), ("productionBranch", "release"));
        var repositories = (await ApiAssert.StatusAsync(await api.GetAsync("/api/repositories"), HttpStatusCode.OK)).EnumerateArray();
        Assert.Contains(repositories, r => r.Str("name") == "www");
        Assert.Equal("www", (await LastEventAsync(api, "repository.registered")).GetProperty("data").Str("name"));

        var before = await EventCountAsync(api);
        var twice = await PostAsync(admin, "/admin/repositories", "/admin/repositories", ("name", "www"), ("path", git.Path));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("<strong>409 ", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync(api));
    }

    [Fact]
    public async Task A_person_creates_and_revokes_their_own_token_and_registers_a_key_on_their_page()
    {
        using var s = await PageServer.StartAsync();
        using var alice = await SignedInAsync(s, s.TokenOf("alice"));
        using var api = s.App.Admin;
        Assert.Contains("<a href=\"/me\"", await alice.GetStringAsync(new Uri("/patches", UriKind.Relative)), StringComparison.Ordinal);

        var created = await PostAsync(alice, "/me", "/me/tokens", ("name", "laptop"), ("expiresInDays", "30"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var token = ApiToken().Match(await created.Content.ReadAsStringAsync()).Value;
        using var laptop = s.App.As(token);
        var mine = (await ApiAssert.StatusAsync(await laptop.GetAsync("/api/me/tokens"), HttpStatusCode.OK)).EnumerateArray().ToList();
        var row = Assert.Single(mine, t => t.Str("name") == "laptop");
        Assert.Equal(s.App.Clock.GetUtcNow().AddDays(30), row.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.DoesNotContain(token, await alice.GetStringAsync(new Uri("/me", UriKind.Relative)), StringComparison.Ordinal); // shown once
        var id = row.GetProperty("id").GetInt32();
        Assert.Equal(id, (await LastEventAsync(api, "token.created")).GetProperty("data").GetProperty("id").GetInt32());

        await RedirectedAsync(alice, "/me", $"/me/tokens/{id}/revocation", "token-revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(id, (await LastEventAsync(api, "token.revoked")).GetProperty("data").GetProperty("id").GetInt32());

        var key = PersonKeyPair.Ed25519();
        await RedirectedAsync(alice, "/me", "/me/keys", "key", ("publicKey", key.OpenSshLine));
        var keys = (await ApiAssert.StatusAsync(await api.GetAsync("/api/users/alice/keys"), HttpStatusCode.OK)).EnumerateArray();
        Assert.Equal(key.KeyId, Assert.Single(keys).Str("id"));
        Assert.Equal(key.KeyId, (await LastEventAsync(api, "user.key-registered")).GetProperty("data").Str("keyId"));
        Assert.Contains($"<code class=\"fingerprint\">{key.KeyId}</code>", await alice.GetStringAsync(new Uri("/me", UriKind.Relative)), StringComparison.Ordinal);

        var before = await EventCountAsync(api);
        var again = await PostAsync(alice, "/me", "/me/keys", ("publicKey", key.OpenSshLine));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already registered", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unnamed = await PostAsync(alice, "/me", "/me/tokens", ("name", ""));
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("name", await unnamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync(api));
    }

    [Fact]
    public async Task A_person_without_a_role_has_their_own_page_and_nothing_else()
    {
        using var s = await PageServer.StartAsync();
        await s.AddUserAsync("nora");
        using var nora = await SignedInAsync(s, s.TokenOf("nora"));
        Assert.Contains("My sign-in and keys", await nora.GetStringAsync(new Uri("/me", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await nora.GetAsync(new Uri("/patches", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_non_admin_is_refused_the_admin_pages_with_403_and_nothing_changes()
    {
        using var s = await PageServer.StartAsync();
        using var bob = await SignedInAsync(s, s.TokenOf("bob"));
        using var api = s.App.Admin;
        var before = await EventCountAsync(api);

        var page = await bob.GetAsync(new Uri("/admin/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType); // a page, not the API's problem JSON
        Assert.Contains("this needs a role that administers", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/admin/users\"", await bob.GetStringAsync(new Uri("/patches", UriKind.Relative)), StringComparison.Ordinal);

        var token = await AntiforgeryTokenAsync(bob, "/me");
        foreach (var (path, fields) in new (string, (string, string)[])[]
        {
            ("/admin/users", [("name", "mallory"), ("roles", "admin"), ("motion", "m-1")]),
            ("/admin/users/bob/roles", [("roles", "admin"), ("motion", "m-1")]),
            ("/admin/users/carol/deactivation", [("motion", "m-1")]),
            ("/admin/users/carol/tokens", []),
            ("/admin/users/carol/certificates", [("certificate", "x")]),
            ("/admin/repositories", [("name", "evil"), ("path", s.Git.Path)]),
        })
        {
            var response = await bob.PostAsync(new Uri(path, UriKind.Relative), Form([("__RequestVerificationToken", token), .. fields]));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
            Assert.Contains("this needs a role that administers", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await EventCountAsync(api));
        Assert.Equal(["assessor"], (await UserAsync(api, "bob")).Items("roles").Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await s["carol"].GetAsync("/api/me")).StatusCode);
    }

    private static async Task<HttpClient> SignedInAsync(PageServer s, string apiToken)
    {
        var browser = Browser(s);
        await SignInAsync(browser, apiToken);
        return browser;
    }

    // Posts a form with the antiforgery field that the page it sits on carries.
    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string page, string action, params (string Name, string Value)[] fields)
    {
        var token = await AntiforgeryTokenAsync(browser, page);
        return await browser.PostAsync(new Uri(action, UriKind.Relative), Form([("__RequestVerificationToken", token), .. fields]));
    }

    // A form that succeeds answers 303 back to its page with the notice of what was done.
    private static async Task RedirectedAsync(HttpClient browser, string page, string action, string done, params (string Name, string Value)[] fields)
    {
        var response = await PostAsync(browser, page, action, fields);
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal($"{page}?done={done}", response.Headers.Location?.OriginalString);
        var notice = await browser.GetStringAsync(new Uri($"{page}?done={done}", UriKind.Relative));
        Assert.Contains("class=\"notice\" role=\"status\"", notice, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> UserAsync(HttpClient api, string name) =>
        (await ApiAssert.StatusAsync(await api.GetAsync("/api/users"), HttpStatusCode.OK)).EnumerateArray().Single(u => u.Str("name") == name);

    private static async Task<List<JsonElement>> EventsAsync(HttpClient api) =>
        [.. (await ApiAssert.StatusAsync(await api.GetAsync("/api/audit/events"), HttpStatusCode.OK)).EnumerateArray()];

    private static async Task<int> EventCountAsync(HttpClient api) => (await EventsAsync(api)).Count;

    private static async Task<JsonElement> LastEventAsync(HttpClient api, string type) =>
        (await EventsAsync(api)).Last(e => e.Str("type") == type);
}
