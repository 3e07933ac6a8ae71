using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// The documents are the rules, names and all: a copy of workflows/ with every state, action,
// document (the kinds of patch) and some roles (one that administers, the one that checks
// pushes) renamed runs the same procedure through the same API, refusals included.
public sealed class RenamedDocumentsTests
{
    private static readonly (string From, string To)[] Names =
    [
        ("submitted", "s-new"), ("reviewed", "s-approved"), ("on-test", "s-staged"), ("tested", "s-verified"),
        ("blessed", "s-signed"), ("deployed", "s-live"), ("changes-requested", "s-rework"), ("withdrawn", "s-dropped"),
        ("awaiting-review", "s-pending"), ("remediated", "s-fixed"),
        ("submit", "a-propose"), ("declare", "a-invoke"), ("approve", "a-okay"), ("request-changes", "a-reject"),
        ("deploy-test", "a-stage"), ("pass", "a-confirm"), ("fail", "a-refute"), ("bless", "a-sign"),
        ("deploy-production", "a-ship"), ("revise", "a-amend"), ("withdraw", "a-drop"), ("remediate", "a-mend"),
        ("developer", "contributor"), ("admin", "steward"), ("gate", "hook"),
        ("regular", "standard"), ("emergency", "urgent"),
    ];

    [Fact]
    public async Task A_regular_patch_and_an_emergency_go_to_production_under_renamed_documents()
    {
        using var app = new AssessmentApp(RenamedCopy());
        using var git = TempGitRepo.Create();
        var initial = git.Commit("Initial import", Scenario.Files(("README", "CAcert web application\n")));
        git.Branch("release");
        var fix = git.Commit("Escape user names", Scenario.Files(("account.php", "<?php echo htmlspecialchars($name);\n")));
        var openssl = git.Commit("Upgrade OpenSSL to 1.0.1g", Scenario.Files(("openssl.version", "1.0.1g\n")));
        var remedy = git.Commit("Regenerate the server keys", Scenario.Files(("keys.conf", "regenerate = yes\n")));
        await app.RegisterRepositoryAsync("cacert-devel", git.Path);
        var alice = await app.UserAsync("alice", "contributor");
        var bob = await app.UserAsync("bob", "assessor");
        var carol = await app.UserAsync("carol", "assessor");
        var oscar = await app.UserAsync("oscar", "assessor");
        var dave = await app.UserAsync("dave", "tester");
        var erin = await app.UserAsync("erin", "tester");
        var sam = await app.UserAsync("sam", "sysadmin");
        // The first user is named after the administering role of roles.md, whatever it is called.
        using (var first = app.As(AssessmentApp.AdminToken))
        {
            Assert.Equal(("steward", "steward"), ((await Get(first, "/api/me")).Str("name"), (await Get(first, "/api/me")).Strings("roles").Single()));
        }

        // The regular procedure, every step under its new name.
        var id = (await Created(alice, "/api/patches", new { repository = "cacert-devel", title = "Escape", @base = initial, head = fix })).Int("id");
        await State(alice, id, "s-new");
        Assert.Equal("standard", (await Get(alice, $"/api/patches/{id}")).Str("kind"));
        await ApiAssert.ProblemAsync(await carol.PostAsJsonAsync($"/api/patches/{id}/blessing", new { comment = "early" }),
            HttpStatusCode.Conflict, "'a-sign'", "s-new", "standard.md line", "s-verified");
        await Created(bob, $"/api/patches/{id}/reviews", new { verdict = "approve" });
        await State(alice, id, "s-new");
        await Created(carol, $"/api/patches/{id}/reviews", new { verdict = "approve" });
        await State(alice, id, "s-approved");
        await Created(bob, $"/api/patches/{id}/deployments", new { environment = "test", commit = fix });
        await State(alice, id, "s-staged");
        await Created(dave, $"/api/patches/{id}/tests", new { result = "pass" });
        await Created(erin, $"/api/patches/{id}/tests", new { result = "pass" });
        Assert.Contains("bless", (await Get(carol, $"/api/patches/{id}")).Strings("nextActions"));
        await Created(carol, $"/api/patches/{id}/blessing", new { comment = "Blessed." });
        await State(alice, id, "s-signed");

        // The separation of duties still holds: bob reviewed it, whatever role he holds now.
        using (var admin = app.Admin)
        {
            await ApiAssert.StatusAsync(await admin.PutAsJsonAsync("/api/users/bob/roles", new { roles = new[] { "sysadmin" }, motion = "m-swap" }), HttpStatusCode.OK);
        }
        await ApiAssert.ProblemAsync(await bob.PostAsJsonAsync($"/api/patches/{id}/deployments", new { environment = "production", commit = fix }),
            HttpStatusCode.Forbidden, "separation of duties", "reviewed it (reviewer)", "'a-ship'");
        await ApiAssert.ProblemAsync(await sam.PostAsJsonAsync($"/api/patches/{id}/deployments", new { environment = "production", commit = initial }),
            HttpStatusCode.Conflict, "blessed commit");
        await Created(sam, $"/api/patches/{id}/deployments", new { environment = "production", commit = fix });
        await State(alice, id, "s-live");

        // The role that checks pushes is the one roles.md says, under its new name.
        var hook = await app.UserAsync("hooky", "hook");
        var push = new { @ref = "refs/heads/release", old = initial, @new = fix, commits = new[] { fix } };
        await ApiAssert.StatusAsync(await hook.PostAsJsonAsync("/api/repositories/cacert-devel/push-checks", push), HttpStatusCode.OK);
        await ApiAssert.ProblemAsync(await alice.PostAsJsonAsync("/api/repositories/cacert-devel/push-checks", push),
            HttpStatusCode.Forbidden, "hook", "roles.md");

        // An emergency: deployed at once, reviewed after the fact, remedied by a follow-up.
        var emergency = await Created(sam, "/api/emergencies", new
        {
            repository = "cacert-devel", commit = openssl, title = "Heartbleed", reason = "CVE-2014-0160 is remotely exploitable.",
        });
        var eid = emergency.Int("id");
        Assert.Equal(("s-pending", "urgent"), (emergency.Str("state"), emergency.Str("kind")));
        Assert.Contains(emergency.Items("deployments"), d => d.Str("environment") == "production" && d.Bool("emergency"));
        await ApiAssert.ProblemAsync(await alice.PostAsJsonAsync("/api/patches", new
        {
            repository = "cacert-devel", title = "Too early", @base = openssl, head = remedy, follows = eid,
        }), HttpStatusCode.Conflict, "s-pending", "urgent.md line", "s-rework");
        await Created(carol, $"/api/patches/{eid}/reviews", new { verdict = "request-changes", comment = "Keys must be regenerated." });
        await State(alice, eid, "s-rework");

        var follow = (await Created(alice, "/api/patches", new
        {
            repository = "cacert-devel", title = "Regenerate keys", @base = openssl, head = remedy, follows = eid,
        })).Int("id");
        await Created(oscar, $"/api/patches/{follow}/reviews", new { verdict = "approve" });
        await Created(carol, $"/api/patches/{follow}/reviews", new { verdict = "approve" });
        await Created(oscar, $"/api/patches/{follow}/deployments", new { environment = "test", commit = remedy });
        await Created(dave, $"/api/patches/{follow}/tests", new { result = "pass" });
        await Created(erin, $"/api/patches/{follow}/tests", new { result = "pass" });
        await Created(carol, $"/api/patches/{follow}/blessing", new { comment = "Remedy blessed." });
        await Created(sam, $"/api/patches/{follow}/deployments", new { environment = "production", commit = remedy });
        await State(alice, follow, "s-live");
        await State(alice, eid, "s-fixed");
    }

    // workflows/ copied with every name replaced as a whole word, except the service's own
    // request names in the first column of the Requests tables.
    private static string RenamedCopy()
    {
        var directory = TempGitRepo.NewTempFolder("renamed-workflows");
        foreach (var file in Directory.GetFiles(RepoRoot.Workflows, "*.md"))
        {
            var inRequests = false;
            var lines = File.ReadAllLines(file).Select(line =>
            {
                if (line.StartsWith("## ", StringComparison.Ordinal)) inRequests = line == "## Requests";
                if (inRequests && line.StartsWith("| ", StringComparison.Ordinal))
                {
                    var second = line.IndexOf(" |", 1, StringComparison.Ordinal);
                    return line[..second] + Rename(line[second..]);
                }
                return Rename(line);
            });
            File.WriteAllLines(Path.Combine(directory, Rename(Path.GetFileName(file))), lines);
        }
        var regular = File.ReadAllText(Path.Combine(directory, "standard.md"));
        Assert.Contains("| a-sign | s-verified | s-signed | assessor |", regular, StringComparison.Ordinal);
        Assert.Contains("| deploy production | a-ship | blessing |", regular, StringComparison.Ordinal);
        Assert.DoesNotContain("| bless | tested |", regular, StringComparison.Ordinal);
        Assert.DoesNotContain("| submitted | initial |", regular, StringComparison.Ordinal);
        Assert.Contains("| hook | | no | no | yes |", File.ReadAllText(Path.Combine(directory, "roles.md")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "regular.md")));
        return directory;
    }

    private static string Rename(string text) =>
        Names.Aggregate(text, (t, n) => Regex.Replace(t, $@"(?<![\w-]){Regex.Escape(n.From)}(?![\w-])", n.To));

    private static async Task<System.Text.Json.JsonElement> Created(HttpClient client, string path, object body) =>
        await ApiAssert.StatusAsync(await client.PostAsJsonAsync(path, body), HttpStatusCode.Created);

    private static async Task<System.Text.Json.JsonElement> Get(HttpClient client, string path) =>
        await ApiAssert.StatusAsync(await client.GetAsync(path), HttpStatusCode.OK);

    private static async Task State(HttpClient client, int id, string state) =>
        Assert.Equal(state, (await Get(client, $"/api/patches/{id}")).Str("state"));
}
