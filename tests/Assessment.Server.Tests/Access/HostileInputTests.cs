using System.Net;
using System.Text;
using Assessment.TestSupport;
using Microsoft.Extensions.Logging;

namespace Assessment.Server.Tests.Access;

// What an attacker sends instead of the expected input. Each row is refused before anything is
// written, with the status and the field it names; after all of them the log verifies and holds
// only the legitimate calls' events, and nothing was logged as a server failure.
public sealed class HostileInputTests
{
    private const string Users = "/api/users", Repos = "/api/repositories", Patches = "/api/patches";

    // user, method, path, raw JSON body (or null), expected status, a fragment the detail names.
    private static IEnumerable<(string User, string Method, string Path, string? Body, int Status, string Mention)> Cases(Scenario s, int id)
    {
        var big = new string('x', 900_000);
        string User(string name, string motion = "m1", string? email = null, string roles = "[\"tester\"]") =>
            $$"""{"name":{{Q(name)}},"roles":{{roles}},"motion":{{Q(motion)}}{{(email is null ? "" : ",\"email\":" + Q(email))}}}""";
        string Repo(string name = "other", string? path = null, string branch = "release", string? baseline = null) =>
            $$"""{"name":{{Q(name)}},"path":{{Q(path ?? s.Git.Path)}},"productionBranch":{{Q(branch)}}{{(baseline is null ? "" : ",\"baseline\":" + Q(baseline))}}}""";
        string Patch(string title = "Fine", string description = "ok", string? bug = null, string? @base = null, string? head = null,
            string repository = Scenario.Repo, string follows = "null") =>
            $$"""{"repository":{{Q(repository)}},"title":{{Q(title)}},"description":{{Q(description)}},"base":{{Q(@base ?? s.Initial)}},"head":{{Q(head ?? s.Fix1)}},"bug":{{(bug is null ? "null" : Q(bug))}},"follows":{{follows}}}""";
        string Emergency(string title = "Hot", string reason = "CVE", string arbitration = "a1", string? commit = null) =>
            $$"""{"repository":"{{Scenario.Repo}}","commit":{{Q(commit ?? s.Fix1)}},"title":{{Q(title)}},"reason":{{Q(reason)}},"arbitration":{{Q(arbitration)}}}""";
        string Verdict(string verdict = "approve", string comment = "ok", string? commit = null) =>
            $$"""{"verdict":{{Q(verdict)}},"comment":{{Q(comment)}},"commit":{{(commit is null ? "null" : Q(commit))}}}""";
        string Result(string result = "pass", string comment = "ok") => $$"""{"result":{{Q(result)}},"comment":{{Q(comment)}}}""";
        string Comment(string comment) => $$"""{"comment":{{Q(comment)}}}""";

        // Names (users)
        yield return ("admin", "POST", Users, User("ass1\n"), 400, "name");
        yield return ("admin", "POST", Users, User("ass1\r\n"), 400, "name");
        yield return ("admin", "POST", Users, User("\nass1"), 400, "name");
        yield return ("admin", "POST", Users, User("ass1\u0000"), 400, "name");
        yield return ("admin", "POST", Users, User("Ass1"), 400, "name");
        yield return ("admin", "POST", Users, User("a b"), 400, "name");
        yield return ("admin", "POST", Users, User(new string('a', 65)), 400, "name");
        yield return ("admin", "POST", Users, User(""), 400, "name");
        yield return ("admin", "POST", Users, User("-lead"), 400, "name");
        yield return ("admin", "POST", Users, User("ali\u202Eec"), 400, "name");
        yield return ("admin", "POST", Users, User("ali\u200Bce"), 400, "name");
        yield return ("admin", "POST", Users, User("\u0430lice"), 400, "name");
        yield return ("admin", "POST", Users, User("../etc"), 400, "name");
        yield return ("admin", "POST", Users, User("alice/x"), 400, "name");
        yield return ("admin", "POST", Users, User("system"), 400, "name");
        yield return ("admin", "POST", Users, User("alice"), 409, "name");
        yield return ("admin", "POST", Users, """{"roles":["tester"],"motion":"m1"}""", 400, "name");
        yield return ("admin", "POST", Users, """{"name":123,"roles":["tester"],"motion":"m1"}""", 400, "body");
        // Motions, e-mails, roles
        yield return ("admin", "POST", Users, User("eve", motion: "m1\n"), 400, "motion");
        yield return ("admin", "POST", Users, User("eve", motion: "m\u00001"), 400, "motion");
        yield return ("admin", "POST", Users, User("eve", motion: big), 400, "motion");
        yield return ("admin", "POST", Users, User("eve", motion: "m\u202E1"), 400, "motion");
        yield return ("admin", "POST", Users, User("eve", motion: new string('m', 101)), 400, "motion");
        yield return ("admin", "POST", Users, User("eve", email: big), 400, "email");
        yield return ("admin", "POST", Users, User("eve", email: "eve@example.org\nBcc: all@example.org"), 400, "email");
        yield return ("admin", "POST", Users, User("eve", email: "not-an-address"), 400, "email");
        yield return ("admin", "POST", Users, User("eve", email: "eve@exa\u0000mple.org"), 400, "email");
        yield return ("admin", "POST", Users, User("eve", email: "eve@@example.org"), 400, "email");
        yield return ("admin", "POST", Users, User("eve", roles: "[\"tester\\n\"]"), 400, "roles");
        yield return ("admin", "POST", Users, User("eve", roles: "[\"root\"]"), 400, "roles");
        yield return ("admin", "POST", Users, User("eve", roles: "null"), 400, "roles");
        yield return ("admin", "POST", Users, User("eve", roles: "[null]"), 400, "roles");
        yield return ("admin", "POST", Users, User("eve", roles: "\"admin\""), 400, "body");
        yield return ("admin", "POST", Users, "{", 400, "body");
        yield return ("admin", "POST", Users, "[]", 400, "body");
        yield return ("admin", "POST", Users, "\"\\ud800\"", 400, "body");
        yield return ("admin", "PUT", Users + "/alice/roles", """{"roles":["tester"],"motion":"m\n2"}""", 400, "motion");
        yield return ("admin", "PUT", Users + "/alice/roles", """{"roles":["tester\u0000"],"motion":"m2"}""", 400, "roles");
        yield return ("admin", "PUT", Users + "/nobody/roles", """{"roles":["tester"],"motion":"m2"}""", 404, "nobody");
        // Repositories
        yield return ("admin", "POST", Repos, Repo("repo\n"), 400, "name");
        yield return ("admin", "POST", Repos, Repo("Repo"), 400, "name");
        yield return ("admin", "POST", Repos, Repo(new string('r', 65)), 400, "name");
        yield return ("admin", "POST", Repos, Repo("rep\u202Eo"), 400, "name");
        yield return ("admin", "POST", Repos, Repo(path: "/tmp/x\u0000y"), 400, "path");
        yield return ("admin", "POST", Repos, Repo(path: ""), 400, "path");
        yield return ("admin", "POST", Repos, Repo(path: "/" + new string('p', 5000)), 400, "path");
        yield return ("admin", "POST", Repos, Repo(path: "/no/such/repository"), 422, "path");
        yield return ("admin", "POST", Repos, Repo(branch: "release\n"), 400, "productionBranch");
        yield return ("admin", "POST", Repos, Repo(baseline: "HEAD\u0000"), 400, "baseline");
        yield return ("admin", "POST", Repos, Repo(Scenario.Repo), 409, "name");
        // Patches
        yield return ("alice", "POST", Patches, Patch(title: "t\u0000"), 400, "title");
        yield return ("alice", "POST", Patches, Patch(title: "t\nInjected: header"), 400, "title");
        yield return ("alice", "POST", Patches, Patch(title: "fix \u202Elanigiro"), 400, "title");
        yield return ("alice", "POST", Patches, Patch(title: "fix \u2066isolate"), 400, "title");
        yield return ("alice", "POST", Patches, Patch(title: new string('t', 201)), 400, "title");
        yield return ("alice", "POST", Patches, Patch(title: " "), 400, "title");
        yield return ("alice", "POST", Patches, Patch(description: new string('d', 65_537)), 400, "description");
        yield return ("alice", "POST", Patches, Patch(description: "a\u0000b"), 400, "description");
        yield return ("alice", "POST", Patches, Patch(description: "looks \u202Efine"), 400, "description");
        yield return ("alice", "POST", Patches, Patch(bug: "1\n2"), 400, "bug");
        yield return ("alice", "POST", Patches, Patch(bug: new string('1', 201)), 400, "bug");
        yield return ("alice", "POST", Patches, Patch(@base: "release\u0000"), 400, "base");
        yield return ("alice", "POST", Patches, Patch(head: new string('a', 300)), 400, "head");
        yield return ("alice", "POST", Patches, Patch(head: "main\n"), 400, "head");
        yield return ("alice", "POST", Patches, Patch(head: "; rm -rf /"), 422, "head");
        yield return ("alice", "POST", Patches, Patch(repository: "nope"), 422, "repository");
        yield return ("alice", "POST", Patches, Patch(repository: Scenario.Repo + "\n"), 400, "repository");
        yield return ("alice", "POST", Patches, Patch(follows: "\"x\""), 400, "body");
        yield return ("alice", "POST", Patches, Patch(follows: "2147483648"), 400, "body");
        // Emergencies
        yield return ("sam", "POST", "/api/emergencies", Emergency(reason: "r\u0000"), 400, "reason");
        yield return ("sam", "POST", "/api/emergencies", Emergency(reason: new string('r', 20_001)), 400, "reason");
        yield return ("sam", "POST", "/api/emergencies", Emergency(arbitration: "a\n1"), 400, "arbitration");
        yield return ("sam", "POST", "/api/emergencies", Emergency(title: "\u2067x"), 400, "title");
        yield return ("sam", "POST", "/api/emergencies", Emergency(commit: "../../etc/passwd"), 422, "commit");
        // Actions on the patch
        var p = $"{Patches}/{id}";
        yield return ("bob", "POST", p + "/reviews", Verdict("approve\n"), 400, "verdict");
        yield return ("bob", "POST", p + "/reviews", Verdict(comment: "c\u0000"), 400, "comment");
        yield return ("bob", "POST", p + "/reviews", Verdict(comment: new string('c', 20_001)), 400, "comment");
        yield return ("bob", "POST", p + "/reviews", Verdict(commit: "abc\ndef"), 400, "commit");
        yield return ("bob", "POST", p + "/reviews", Verdict(comment: "\u202Eok"), 400, "comment");
        yield return ("dave", "POST", p + "/tests", Result("PASS"), 400, "result");
        yield return ("dave", "POST", p + "/tests", Result(comment: "fine\u0007"), 400, "comment");
        yield return ("bob", "POST", p + "/deployments", """{"environment":"test\n","commit":"x"}""", 400, "environment");
        yield return ("bob", "POST", p + "/deployments", $$"""{"environment":"test","commit":"{{s.Fix1}}","witness":"carol\n"}""", 400, "witness");
        yield return ("bob", "POST", p + "/deployments", $$"""{"environment":"staging","commit":"{{s.Fix1}}"}""", 422, "environment");
        yield return ("bob", "POST", p + "/blessing", Comment("\u0000"), 400, "comment");
        yield return ("alice", "POST", p + "/withdrawal", Comment("x\u0001"), 400, "comment");
        yield return ("alice", "POST", p + "/revisions", """{"head":"\u0000"}""", 400, "head");
        yield return ("bob", "POST", Patches + "/999999/reviews", Verdict(), 404, "999999");
        yield return ("bob", "POST", Patches + "/abc/reviews", Verdict(), 404, "abc");
        // Queries
        yield return ("audrey", "GET", "/api/audit/report?to=9999-12-31", null, 400, "to");
        yield return ("audrey", "GET", "/api/audit/report?to=0001-01-01", null, 400, "to");
        yield return ("audrey", "GET", "/api/audit/report?from=0001-01-01", null, 400, "from");
        yield return ("audrey", "GET", "/api/audit/report?to=2026-13-45", null, 400, "to");
        yield return ("audrey", "GET", "/api/audit/report?to=9999-12-31T23:59:59%2B00:00", null, 400, "to");
        yield return ("audrey", "GET", "/api/audit/report?format=pdf", null, 400, "format");
        yield return ("audrey", "GET", "/api/audit/report?from=2026-03-02&to=2026-03-01", null, 400, "from");
        yield return ("audrey", "GET", "/api/patches?state=%00", null, 400, "state");
        yield return ("audrey", "GET", "/api/patches?overdue=maybe", null, 400, "overdue");
        yield return ("audrey", "GET", "/api/audit/events?limit=abc", null, 400, "limit");
        yield return ("audrey", "GET", "/api/audit/events?after=99999999999999999999", null, 400, "after");
        yield return ("audrey", "GET", $"/api/repositories/{Scenario.Repo}/drift?commit=%00", null, 400, "commit");
        yield return ("audrey", "POST", $"/api/repositories/{Scenario.Repo}/drift?commit=a%0Ab", null, 400, "commit");
        yield return ("audrey", "GET", "/api/repositories/nope/drift", null, 404, "nope");
        yield return ("audrey", "GET", "/api/audit/verify?since-sequence=1", null, 400, "since-hash");
    }

    [Fact]
    public async Task Every_hostile_input_is_refused_with_its_field_and_nothing_is_recorded()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync(); // the last legitimate call
        var events = await s.EventsAsync();
        var cases = Cases(s, id).ToList();
        Assert.True(cases.Count >= 80, $"only {cases.Count} cases");

        var wrong = new List<string>();
        foreach (var (user, method, path, body, status, mention) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await s[user].SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var label = $"{method} {path} {Shorten(body)}";
            if ((int)response.StatusCode != status) wrong.Add($"{label}: expected {status}, got {(int)response.StatusCode}: {Shorten(text)}");
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") wrong.Add($"{label}: not a problem: {Shorten(text)}");
            else if (!text.Contains(mention, StringComparison.OrdinalIgnoreCase)) wrong.Add($"{label}: the detail does not name '{mention}': {Shorten(text)}");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} cases:\n" + string.Join("\n", wrong));

        var after = await s.EventsAsync();
        Assert.Equal(events.Select(e => e.Str("hash")), after.Select(e => e.Str("hash")));
        Assert.True((await s.GetAsync("audrey", "/api/audit/verify")).Bool("ok"));
        Assert.DoesNotContain(s.App.Logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_name_with_a_trailing_newline_is_refused_with_400_and_no_event_and_logged_as_one_information_line()
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        var before = (await ApiAssert.StatusAsync(await admin.GetAsync("/api/audit/events"), HttpStatusCode.OK)).GetArrayLength();

        var user = new StringContent("{\"name\":\"ass1\\n\",\"roles\":[],\"motion\":\"m1\"}", Encoding.UTF8, "application/json");
        await ApiAssert.ProblemAsync(await admin.PostAsync("/api/users", user), HttpStatusCode.BadRequest, "name");
        using var git = TempGitRepo.Create();
        git.Commit("Initial", new Dictionary<string, string?> { ["README"] = "x\n" });
        var repo = new StringContent($$"""{"name":"repo1\n","path":{{Q(git.Path)}}}""", Encoding.UTF8, "application/json");
        await ApiAssert.ProblemAsync(await admin.PostAsync("/api/repositories", repo), HttpStatusCode.BadRequest, "name");

        Assert.Equal(before, (await ApiAssert.StatusAsync(await admin.GetAsync("/api/audit/events"), HttpStatusCode.OK)).GetArrayLength());
        Assert.DoesNotContain("ass1", await admin.GetStringAsync(new Uri("/api/users", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal("[]", await admin.GetStringAsync(new Uri("/api/repositories", UriKind.Relative)));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Level >= LogLevel.Error || l.Exception is not null);
        var refused = app.Logs.Lines.Where(l => l.Message.StartsWith("Refused POST /api/users", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(refused);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Null(line.Exception);
        Assert.DoesNotContain('\n', line.Message);
    }

    [Theory]
    [InlineData("to=9999-12-31")]
    [InlineData("to=0001-01-01")]
    public async Task Report_dates_out_of_range_are_refused_with_400(string query)
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/audit/report?{query}"), HttpStatusCode.BadRequest, "out of range");
    }

    [Fact]
    public async Task A_return_address_with_a_raw_non_ascii_character_does_not_fail_the_sign_in_page()
    {
        using var app = new AssessmentApp();
        using var browser = app.CreateClient();
        var page = await browser.GetAsync(new Uri("/login?returnUrl=/\u00e9", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static string Q(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static string Shorten(string? text) => text is null ? "" : text.Length > 160 ? text[..160] + "…" : text;
}
