using System.Net.Http.Json;
using System.Text.Json;

namespace Assessment.Cli.Tests.Gate;

// The pre-receive hook on a real bare repository, real pushes over the file transport, the real
// assess binary asking the real server.
public sealed class PushGateTests
{
    [Fact]
    public async Task The_production_branch_takes_only_fast_forwards_that_patches_cover()
    {
        using var server = new CliServer();
        var gateToken = await server.TokenAsync("gatekeeper", "gate");
        using var repo = new GateRepository(CliServer.Repo, gateToken);
        repo.PointAt(server.Url);
        await server.App.RegisterRepositoryAsync(CliServer.Repo, repo.Bare);

        // Another branch passes, whatever it holds.
        var unreviewed = repo.Commit("Print the session id for debugging", "debug.php", "<?php echo session_id();\n");
        var topic = repo.Push("HEAD", "topic").Expect(0);
        Assert.Contains("not the production branch", topic.Output, StringComparison.Ordinal);
        Assert.Equal(unreviewed, repo.BranchTip("topic"));

        // An unreviewed commit may not reach production: refused, per commit, with what to do.
        var refused = repo.Push("HEAD", "release").Expect(1);
        Assert.Contains("refused refs/heads/release: 1 of 1 new commit(s)", refused.Output, StringComparison.Ordinal);
        Assert.Contains($"{unreviewed[..12]} \"Print the session id for debugging\" is in no patch", refused.Output, StringComparison.Ordinal);
        Assert.Contains("assess submit --repo cacert-devel", refused.Output, StringComparison.Ordinal);
        Assert.Equal(repo.Initial, repo.BranchTip("release"));

        // Submitted but not yet blessed: still refused, and the refusal says which patch waits.
        var patch = await SubmitAsync(server, repo.Initial, unreviewed);
        var waiting = repo.Push("HEAD", "release").Expect(1);
        Assert.Contains($"is in regular patch {patch}, which is 'submitted' and not blessed", waiting.Output, StringComparison.Ordinal);
        Assert.Equal(repo.Initial, repo.BranchTip("release"));

        // Blessed: accepted.
        await BlessAsync(server, patch, unreviewed);
        var accepted = repo.Push("HEAD", "release").Expect(0);
        Assert.Contains("accepted refs/heads/release: every new commit", accepted.Output, StringComparison.Ordinal);
        Assert.Equal(unreviewed, repo.BranchTip("release"));

        // An emergency's commit, recorded before it is pushed: accepted.
        var hotfix = repo.Commit("Upgrade OpenSSL to 1.0.1g", "openssl.version", "1.0.1g\n");
        repo.Push("HEAD", "hotfix").Expect(0);
        using (var sam = await server.App.UserAsync("sam", "sysadmin"))
        {
            var declared = await sam.PostAsJsonAsync("/api/emergencies", new
            {
                repository = CliServer.Repo, commit = hotfix, title = "Heartbleed", reason = "CVE-2014-0160 is remotely exploitable",
            });
            Assert.True(declared.IsSuccessStatusCode, await declared.Content.ReadAsStringAsync());
        }
        repo.Push("HEAD", "release").Expect(0);
        Assert.Equal(hotfix, repo.BranchTip("release"));

        // Rewinding production (even to a covered commit) is refused.
        var rewind = repo.Push(unreviewed, "release", force: true).Expect(1);
        Assert.Contains("may not be rewound: this push drops 1 commit(s) (" + hotfix[..12], rewind.Output, StringComparison.Ordinal);
        Assert.Equal(hotfix, repo.BranchTip("release"));

        // Every check of the production branch is in the log, allowed or not.
        using var admin = server.App.Admin;
        var events = await admin.GetFromJsonAsync<JsonElement>("/api/audit/events");
        var checks = events.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "push.checked").ToList();
        Assert.Equal([false, false, true, true, false], checks.Select(e => e.GetProperty("data").GetProperty("allowed").GetBoolean()));
    }

    [Fact]
    public async Task The_server_down_refuses_the_push_unless_an_admin_set_the_repository_to_fail_open()
    {
        using var server = new CliServer();
        var gateToken = await server.TokenAsync("gatekeeper", "gate");
        using var repo = new GateRepository(CliServer.Repo, gateToken);
        await server.App.RegisterRepositoryAsync(CliServer.Repo, repo.Bare);
        var change = repo.Commit("Unreviewed change", "a.txt", "a\n");

        repo.PointAt(GateRepository.Unreachable());
        var down = repo.Push("HEAD", "release").Expect(1);
        Assert.Contains("refused: cannot reach the Assessment server", down.Output, StringComparison.Ordinal);
        Assert.Contains("fails closed", down.Output, StringComparison.Ordinal);
        Assert.Equal(repo.Initial, repo.BranchTip("release"));
        // Other branches too: no answer is no answer.
        repo.Push("HEAD", "topic").Expect(1);
        Assert.Null(repo.BranchTip("topic"));

        // An admin chooses availability over the guarantee; the hook learns it at its next check.
        using var admin = server.App.Admin;
        var set = await admin.PutAsJsonAsync($"/api/repositories/{CliServer.Repo}/gate", new { failOpen = true, motion = "m20260302.1" });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        repo.PointAt(server.Url);
        repo.Push("HEAD", "topic").Expect(0);
        repo.PointAt(GateRepository.Unreachable());
        var open = repo.Push("HEAD", "release").Expect(0);
        Assert.Contains("set to fail open, so the push passes unchecked", open.Output, StringComparison.Ordinal);
        Assert.Equal(change, repo.BranchTip("release"));

        var events = await admin.GetFromJsonAsync<JsonElement>("/api/audit/events");
        var logged = Assert.Single(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "repository.gate-changed");
        Assert.Equal(("admin", true, "m20260302.1"), (logged.GetProperty("actor").GetString(),
            logged.GetProperty("data").GetProperty("failOpen").GetBoolean(), logged.GetProperty("data").GetProperty("motion").GetString()));
    }

    private static async Task<int> SubmitAsync(CliServer server, string @base, string head)
    {
        using var alice = await server.App.UserAsync("alice", "developer");
        var response = await alice.PostAsJsonAsync("/api/patches", new { repository = CliServer.Repo, title = "Debug output", @base, head });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetInt32();
    }

    private static async Task BlessAsync(CliServer server, int id, string head)
    {
        using var bob = await server.App.UserAsync("bob", "assessor");
        using var carol = await server.App.UserAsync("carol", "assessor");
        using var dave = await server.App.UserAsync("dave", "tester");
        using var erin = await server.App.UserAsync("erin", "tester");
        var steps = new (HttpClient Who, string Path, object Body)[]
        {
            (bob, "reviews", new { verdict = "approve" }), (carol, "reviews", new { verdict = "approve" }),
            (bob, "deployments", new { environment = "test", commit = head }),
            (dave, "tests", new { result = "pass" }), (erin, "tests", new { result = "pass" }),
            (carol, "blessing", new { comment = "ok" }),
        };
        foreach (var (who, path, body) in steps)
        {
            var response = await who.PostAsJsonAsync($"/api/patches/{id}/{path}", body);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
