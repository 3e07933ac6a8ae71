using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.GitHub;

// Octokit against a GitHub stand-in on loopback: the pull request read, a commit status posted at
// every step with the right state and description.
public sealed class PullRequestStatusTests
{
    [Fact]
    public async Task A_pull_request_becomes_a_patch_and_its_head_carries_the_status_of_every_step()
    {
        await using var w = await GitHubWorld.StartAsync();
        var patch = await w.SubmitPullRequestAsync(1);

        Assert.Equal("Escape user names", patch.GetProperty("title").GetString());
        Assert.Equal("Fixes **XSS** in the user list.", patch.GetProperty("description").GetString());
        Assert.Equal(w.Initial, patch.GetProperty("base").GetString());
        Assert.Equal(w.Fix, patch.GetProperty("head").GetString());
        Assert.Equal("alice", patch.GetProperty("author").GetString()); // octo-alice is mapped to alice
        var github = patch.GetProperty("gitHub");
        Assert.Equal(1, github.GetProperty("pullRequest").GetInt32());
        Assert.Equal("octo-alice", github.GetProperty("login").GetString());
        var read = Assert.Single(w.GitHub.Requests, r => r.Method == "GET" && r.Path == "/api/v3/repos/cacert/cacert-devel/pulls/1");
        Assert.Equal($"token {FakeGitHub.Token}", read.Authorization, ignoreCase: true);
        // The commits were fetched into the server's own mirror, under its data directory.
        using (var admin = w.App.Admin)
        {
            var repo = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/repositories")).EnumerateArray());
            Assert.StartsWith(w.App.DataDirectory, repo.GetProperty("path").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(FakeGitHub.Token, repo.GetRawText(), StringComparison.Ordinal);
        }

        var expected = new List<(string State, string Description)> { ("pending", "submitted: 0 of 2 approvals, 0 of 2 passes") };
        await AssertStatusesAsync(w, expected);
        var id = patch.GetProperty("id").GetInt32();
        foreach (var (who, path, body, state, description) in new (string, string, object, string, string)[]
        {
            ("bob", "reviews", new { verdict = "approve" }, "pending", "submitted: 1 of 2 approvals, 0 of 2 passes"),
            ("carol", "reviews", new { verdict = "approve" }, "pending", "reviewed: 2 of 2 approvals, 0 of 2 passes"),
            ("bob", "deployments", new { environment = "test", commit = w.Fix }, "pending", "on-test: 2 of 2 approvals, 0 of 2 passes"),
            ("dave", "tests", new { result = "pass" }, "pending", "on-test: 2 of 2 approvals, 1 of 2 passes"),
            ("erin", "tests", new { result = "pass" }, "pending", "tested: 2 of 2 approvals, 2 of 2 passes"),
            ("carol", "blessing", new { comment = "ok" }, "success", "blessed by carol; blessed"),
            ("sam", "deployments", new { environment = "production", commit = w.Fix }, "success", "blessed by carol; deployed"),
        })
        {
            await ApiAssert.StatusAsync(await w[who].PostAsJsonAsync($"/api/patches/{id}/{path}", body), HttpStatusCode.Created);
            expected.Add((state, description));
            await AssertStatusesAsync(w, expected);
        }
        // Nothing more than one status per step, and never the token in the server's log.
        var shown = await w.PollGitHubAsync(id, g => g.GetProperty("statusDelivered").GetBoolean());
        Assert.Equal("success", shown.GetProperty("status").GetString());
        Assert.DoesNotContain(w.App.Logs.Lines, l => l.Message.Contains(FakeGitHub.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changes_requested_fail_the_status_and_a_pull_request_already_submitted_is_refused()
    {
        await using var w = await GitHubWorld.StartAsync();
        var id = (await w.SubmitPullRequestAsync(1)).GetProperty("id").GetInt32();
        await ApiAssert.ProblemAsync(await w["ci"].PostAsJsonAsync("/api/patches", new { repository = "cacert-devel", githubPullRequest = 1 }),
            HttpStatusCode.Conflict, "#1", $"patch {id}");
        await ApiAssert.ProblemAsync(await w["ci"].PostAsJsonAsync("/api/patches", new { repository = "cacert-devel", githubPullRequest = 7 }),
            HttpStatusCode.UnprocessableEntity, "no pull request #7");
        await ApiAssert.StatusAsync(await w["bob"].PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "request-changes", comment = "no" }),
            HttpStatusCode.Created);
        var statuses = await w.StatusesAsync(2);
        var last = statuses[^1].Body!.Value;
        Assert.Equal("failure", last.GetProperty("state").GetString());
        Assert.Equal("changes requested by bob", last.GetProperty("description").GetString());
        Assert.Equal(w.Fix, statuses[^1].Path.Split('/')[^1]);
    }

    private static async Task AssertStatusesAsync(GitHubWorld w, List<(string State, string Description)> expected)
    {
        var statuses = await w.StatusesAsync(expected.Count);
        Assert.Equal(expected, statuses.Select(s => (s.Body!.Value.GetProperty("state").GetString()!, s.Body.Value.GetProperty("description").GetString()!)));
        Assert.All(statuses, s =>
        {
            Assert.Equal($"/api/v3/repos/cacert/cacert-devel/statuses/{w.Fix}", s.Path);
            Assert.Equal("assessment", s.Body!.Value.GetProperty("context").GetString());
            Assert.Equal("https://assessment.example.org/patches/1", s.Body.Value.GetProperty("target_url").GetString());
        });
    }
}
