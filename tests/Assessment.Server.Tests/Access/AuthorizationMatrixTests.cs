using System.Net;
using System.Net.Http.Json;
using System.Text;
using Assessment.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Access;

// Every endpoint of the running server against every kind of caller. A forbidden cell is
// refused (401 or 403; a page sends the browser to sign in) and changes nothing; an allowed
// cell gets past sign-in and the policy (it may still be refused by the workflow or the input
// checks, which their own tests cover). An endpoint without a row fails the test.
public sealed class AuthorizationMatrixTests
{
    private const string ThisFile = "tests/Assessment.Server.Tests/Access/AuthorizationMatrixTests.cs";

    // Who may call an endpoint (by the roles document: assessor, sysadmin, auditor and admin
    // read evidence; admin administers). Route values: {id} is patch 1, {name} of a user is
    // alice, of a repository cacert-devel.
    // Signed: no sign-in; the handler checks the sender's signature over the body instead.
    private enum Access { Open, Signed, SignedIn, Member, Evidence, Admin, AdminOrAlice, Page, EvidencePage, AdminPage, SignedInPage }

    private static readonly Dictionary<string, Access> Matrix = new(StringComparer.Ordinal)
    {
        ["GET /healthz"] = Access.Open,
        ["GET /openapi/{documentName}.json"] = Access.Open,
        ["GET /login"] = Access.Open,
        ["POST /login"] = Access.Open,
        ["GET /logout"] = Access.Open,
        ["POST /logout"] = Access.Open,
        ["GET /workflows"] = Access.Open,
        ["GET /workflows/{name}"] = Access.Open,
        ["GET /workflows/{name}.md"] = Access.Open,
        ["GET /site.css"] = Access.Open,
        ["GET /sign.js"] = Access.Open,
        ["POST /api/github/webhook"] = Access.Signed,
        ["GET /"] = Access.Page,
        ["GET /patches"] = Access.Page,
        ["GET /patches/{id:int}"] = Access.Page,
        ["POST /patches/{id:int}/review"] = Access.Page,
        ["POST /patches/{id:int}/test"] = Access.Page,
        ["POST /patches/{id:int}/deploy"] = Access.Page,
        ["POST /patches/{id:int}/bless"] = Access.Page,
        ["POST /patches/{id:int}/revise"] = Access.Page,
        ["POST /patches/{id:int}/withdraw"] = Access.Page,
        ["POST /patches/{id:int}/comment"] = Access.Page,
        ["GET /patches/new"] = Access.Page,
        ["POST /patches/new"] = Access.Page,
        ["GET /emergencies/new"] = Access.Page,
        ["POST /emergencies/new"] = Access.Page,
        ["GET /patches/{id:int}/statement"] = Access.Page,
        ["GET /emergencies/statement"] = Access.Page,
        ["GET /audit"] = Access.EvidencePage,
        ["GET /overview"] = Access.Page,
        ["GET /admin/users"] = Access.AdminPage,
        ["POST /admin/users"] = Access.AdminPage,
        ["POST /admin/users/{name}/roles"] = Access.AdminPage,
        ["POST /admin/users/{name}/deactivation"] = Access.AdminPage,
        ["POST /admin/users/{name}/activation"] = Access.AdminPage,
        ["POST /admin/users/{name}/tokens"] = Access.AdminPage,
        ["POST /admin/users/{name}/certificates"] = Access.AdminPage,
        ["POST /admin/users/{name}/certificates/{fingerprint}/removal"] = Access.AdminPage,
        ["POST /admin/users/{name}/keys/{id}/revocation"] = Access.AdminPage,
        ["GET /admin/repositories"] = Access.AdminPage,
        ["GET /me"] = Access.SignedInPage,
        ["POST /me/tokens"] = Access.SignedInPage,
        ["POST /me/tokens/{id:int}/revocation"] = Access.SignedInPage,
        ["POST /me/keys"] = Access.SignedInPage,
        ["POST /me/keys/{id}/revocation"] = Access.SignedInPage,
        ["POST /admin/repositories"] = Access.AdminPage,
        ["GET /api/me"] = Access.SignedIn,
        ["POST /api/me/tokens"] = Access.SignedIn,
        ["GET /api/me/tokens"] = Access.SignedIn,
        ["DELETE /api/me/tokens/{id:int}"] = Access.SignedIn,
        ["POST /api/me/keys"] = Access.SignedIn,
        ["DELETE /api/me/keys/{id}"] = Access.SignedIn,
        ["DELETE /api/users/{name}/keys/{id}"] = Access.Admin,
        ["GET /api/users/{name}/keys"] = Access.SignedIn,
        ["GET /api/people/keys"] = Access.SignedIn,
        ["POST /api/users"] = Access.Admin,
        ["GET /api/users"] = Access.Admin,
        ["PUT /api/users/{name}/roles"] = Access.Admin,
        ["DELETE /api/users/{name}/tokens"] = Access.Admin,
        ["POST /api/users/{name}/deactivation"] = Access.Admin,
        ["POST /api/users/{name}/activation"] = Access.Admin,
        ["POST /api/users/{name}/certificates"] = Access.AdminOrAlice,
        ["GET /api/users/{name}/certificates"] = Access.AdminOrAlice,
        ["DELETE /api/users/{name}/certificates/{fingerprint}"] = Access.AdminOrAlice,
        ["POST /api/repositories"] = Access.Admin,
        ["GET /api/roles"] = Access.Member,
        ["PUT /api/me/mail"] = Access.Member,
        ["GET /api/mail/outbox"] = Access.Admin,
        ["PUT /api/repositories/{name}/gate"] = Access.Admin,
        ["POST /api/repositories/{name}/push-checks"] = Access.Member, // the handler then needs the gate role or an administering one
        ["GET /api/repositories"] = Access.Member,
        ["GET /api/repositories/{name}/drift"] = Access.Evidence,
        ["POST /api/repositories/{name}/drift"] = Access.Evidence,
        ["POST /api/patches"] = Access.Member,
        ["GET /api/patches"] = Access.Member,
        ["GET /api/patches/{id:int}"] = Access.Member,
        ["POST /api/patches/{id:int}/revisions"] = Access.Member,
        ["POST /api/patches/{id:int}/reviews"] = Access.Member,
        ["POST /api/patches/{id:int}/deployments"] = Access.Member,
        ["POST /api/patches/{id:int}/tests"] = Access.Member,
        ["POST /api/patches/{id:int}/blessing"] = Access.Member,
        ["POST /api/patches/{id:int}/withdrawal"] = Access.Member,
        ["GET /api/patches/{id:int}/diff"] = Access.Member,
        ["GET /api/patches/{id:int}/comments"] = Access.Member,
        ["POST /api/patches/{id:int}/comments"] = Access.Member,
        ["GET /api/patches/{id:int}/handover"] = Access.Member,
        ["GET /api/patches/{id:int}/vsa"] = Access.Member,
        ["POST /api/emergencies"] = Access.Member,
        ["GET /api/keys"] = Access.SignedIn,
        ["POST /api/handover/verify"] = Access.SignedIn,
        ["GET /api/audit/checkpoint"] = Access.Evidence,
        ["GET /api/audit/events"] = Access.Evidence,
        ["GET /api/audit/verify"] = Access.Evidence,
        ["GET /api/audit/report"] = Access.Evidence,
    };

    // The callers: no credentials, a wrong token, and one user per role (nora holds none).
    private static readonly (string Name, string[] Roles)[] People =
    [
        ("nora", []), ("alice", ["developer"]), ("bob", ["assessor"]), ("dave", ["tester"]),
        ("sam", ["sysadmin"]), ("audrey", ["auditor"]), ("admin", ["admin"]),
    ];

    private static bool Allowed(Access access, string? person) => access switch
    {
        Access.Open or Access.Signed => true,
        _ when person is null => false,
        Access.SignedIn or Access.SignedInPage => true,
        Access.Member or Access.Page => person != "nora",
        Access.Evidence or Access.EvidencePage => person is "bob" or "sam" or "audrey" or "admin",
        Access.Admin or Access.AdminPage => person == "admin",
        Access.AdminOrAlice => person is "admin" or "alice",
        _ => false,
    };

    [Fact]
    public async Task Every_endpoint_refuses_every_caller_its_policy_does_not_allow_and_nothing_is_recorded()
    {
        using var app = new AssessmentApp(kestrel: true, settings: new Dictionary<string, string?> { ["Assessment:FailedSignIns:PermitLimit"] = "100000" });
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Pattern(e)}"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = endpoints.Where(e => !Matrix.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, $"no row in {ThisFile} (Matrix) for: {string.Join(", ", missing)}. Add a row saying who may call it.");
        var stale = Matrix.Keys.Except(endpoints, StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, $"rows in {ThisFile} for endpoints that do not exist: {string.Join(", ", stale)}");

        using var git = TempGitRepo.Create();
        var initial = git.Commit("Initial import", new Dictionary<string, string?> { ["README"] = "CAcert\n" });
        git.Branch("release");
        var fix = git.Commit("Escape user names", new Dictionary<string, string?> { ["account.php"] = "<?php echo h($n);\n" });
        using var admin = Api(address, AssessmentApp.AdminToken);
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/repositories", new { name = "cacert-devel", path = git.Path }), HttpStatusCode.Created);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal) { ["admin"] = AssessmentApp.AdminToken };
        foreach (var (name, roles) in People.Where(p => p.Name != "admin"))
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { name, roles, motion = "m1" });
            tokens[name] = (await ApiAssert.StatusAsync(created, HttpStatusCode.Created)).Str("token");
        }
        using (var alice = Api(address, tokens["alice"]))
        {
            await ApiAssert.StatusAsync(await alice.PostAsJsonAsync("/api/patches",
                new { repository = "cacert-devel", title = "Escape user names", @base = initial, head = fix }), HttpStatusCode.Created);
        }
        var browsers = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var (name, _) in People) browsers[name] = await SignedInBrowserAsync(address, tokens[name]);

        var wrong = new List<string>();
        var before = await EventCountAsync(admin);
        // Forbidden cells first, all of them, so that no allowed call has changed anything yet.
        foreach (var endpoint in endpoints)
        {
            var access = Matrix[endpoint];
            foreach (var person in new string?[] { null, "wrong-token" }.Concat(People.Select(p => p.Name)))
            {
                var who = person is null or "wrong-token" ? null : person;
                if (Allowed(access, who)) continue;
                using var response = await SendAsync(address, endpoint, access, person, tokens, browsers);
                var status = (int)response.StatusCode;
                var refused = IsPage(access) && who is null
                    ? status == 302 && response.Headers.Location?.OriginalString.StartsWith("/login", StringComparison.Ordinal) == true
                    : status == (who is null ? 401 : 403);
                if (!refused) wrong.Add($"{endpoint} as {person ?? "anonymous"}: expected a refusal, got {status} {await Short(response)}");
            }
        }
        var after = await EventCountAsync(admin);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, after);

        foreach (var endpoint in endpoints)
        {
            foreach (var person in new string?[] { null }.Concat(People.Select(p => p.Name)))
            {
                if (!Allowed(Matrix[endpoint], person)) continue;
                using var response = await SendAsync(address, endpoint, Matrix[endpoint], person, tokens, browsers);
                var status = (int)response.StatusCode;
                var body = await Short(response);
                var signatureRefusal = Matrix[endpoint] == Access.Signed && status == 401 && body.Contains("X-Hub-Signature-256", StringComparison.Ordinal);
                var policyRefusal = (status == 401 && !signatureRefusal) || (status == 403 && body.Contains("this needs", StringComparison.Ordinal))
                    || (status == 302 && response.Headers.Location?.OriginalString.StartsWith("/login", StringComparison.Ordinal) == true);
                if (policyRefusal || status >= 500) wrong.Add($"{endpoint} as {person ?? "anonymous"}: expected to be let through, got {status} {body}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True((await ApiAssert.StatusAsync(await admin.GetAsync("/api/audit/verify"), HttpStatusCode.OK)).Bool("ok"));
        foreach (var browser in browsers.Values) browser.Dispose();
    }

    private static bool IsPage(Access access) => access is Access.Page or Access.EvidencePage or Access.AdminPage or Access.SignedInPage;

    private static async Task<HttpResponseMessage> SendAsync(Uri address, string endpoint, Access access, string? person,
        Dictionary<string, string> tokens, Dictionary<string, HttpClient> browsers)
    {
        var (method, pattern) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        // Allowed calls must not take away a caller's own sign-in: no token 1 or alice's tokens.
        var path = pattern.Replace("/api/me/tokens/{id:int}", "/api/me/tokens/999999", StringComparison.Ordinal)
            .Replace("/me/tokens/{id:int}", "/me/tokens/999999", StringComparison.Ordinal)
            .Replace("/api/users/{name}/tokens", "/api/users/nobody/tokens", StringComparison.Ordinal)
            .Replace("/admin/users/{name}/tokens", "/admin/users/nobody/tokens", StringComparison.Ordinal)
            .Replace("{id:int}", "1", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{fingerprint}", "00", StringComparison.Ordinal)
            .Replace("/workflows/{name}", "/workflows/regular", StringComparison.Ordinal)
            .Replace("/users/{name}", "/users/alice", StringComparison.Ordinal)
            .Replace("/repositories/{name}", "/repositories/cacert-devel", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = IsPage(access) || path.StartsWith("/log", StringComparison.Ordinal)
                ? new FormUrlEncodedContent([])
                : new StringContent("{}", Encoding.UTF8, "application/json");
        }
        if (IsPage(access) || !path.StartsWith("/api", StringComparison.Ordinal))
        {
            if (person is not null && browsers.TryGetValue(person, out var browser)) return await browser.SendAsync(request);
            using var anonymous = Browser(address);
            return await anonymous.SendAsync(request);
        }
        using var client = new HttpClient { BaseAddress = address };
        if (person is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.GetValueOrDefault(person, "asm_wrong"));
        return await client.SendAsync(request);
    }

    // A group's own route ("/api/me" mapped as "") ends in a slash that requests do not carry.
    private static string Pattern(RouteEndpoint e) => e.RoutePattern.RawText is { Length: > 1 } raw ? raw.TrimEnd('/') : e.RoutePattern.RawText ?? "/";

    private static HttpClient Api(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static HttpClient Browser(Uri address) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };

    private static async Task<HttpClient> SignedInBrowserAsync(Uri address, string token)
    {
        var browser = Browser(address);
        var html = await browser.GetStringAsync(new Uri("/login", UriKind.Relative));
        var field = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await browser.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(field)), KeyValuePair.Create("token", token)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static async Task<int> EventCountAsync(HttpClient admin) =>
        (await ApiAssert.StatusAsync(await admin.GetAsync("/api/audit/events"), HttpStatusCode.OK)).GetArrayLength();

    private static async Task<string> Short(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 200 ? text[..200] : text;
    }
}
