using System.Net;
using System.Net.Http.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Gate;

// The push-check endpoint on its own: who may ask, what a malformed check gets, what it judges.
public sealed class PushCheckApiTests
{
    private const string Zero = "0000000000000000000000000000000000000000";

    [Fact]
    public async Task The_gate_role_may_check_pushes_and_do_nothing_else()
    {
        using var s = await Scenario.StartAsync();
        using var gate = await s.App.UserAsync("gatekeeper", "gate");
        var check = new { @ref = "refs/heads/release", old = s.Initial, @new = s.Fix1, commits = new[] { s.Fix1 } };
        var answer = await ApiAssert.StatusAsync(await gate.PostAsJsonAsync($"/api/repositories/{Scenario.Repo}/push-checks", check), HttpStatusCode.OK);
        Assert.False(answer.GetProperty("allowed").GetBoolean());

        await ApiAssert.ProblemAsync(await gate.PostAsJsonAsync("/api/patches",
            new { repository = Scenario.Repo, title = "t", @base = s.Initial, head = s.Fix1 }), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await s.PostAsync("alice", $"/api/repositories/{Scenario.Repo}/push-checks", check),
            HttpStatusCode.Forbidden, "gate");
        await ApiAssert.ProblemAsync(await gate.PutAsJsonAsync($"/api/repositories/{Scenario.Repo}/gate", new { failOpen = true }),
            HttpStatusCode.Forbidden, "admin");
    }

    [Theory]
    [InlineData("refs/heads/release", "abc", "commits", "old")]
    [InlineData("release", null, "commits", "ref")]
    [InlineData("refs/heads/release", null, null, "commits")]
    [InlineData("refs/heads/release", null, "bad", "commits")]
    public async Task A_malformed_check_is_refused_naming_the_field_and_logs_nothing(string @ref, string? old, string? commits, string field)
    {
        using var s = await Scenario.StartAsync();
        var before = (await s.EventsAsync()).Length;
        var body = new
        {
            @ref, old = old ?? s.Initial, @new = s.Fix1,
            commits = commits switch { null => null, "bad" => new[] { "xyz" }, _ => new[] { s.Fix1 } },
        };
        await ApiAssert.ProblemAsync(await s.PostAsync("admin", $"/api/repositories/{Scenario.Repo}/push-checks", body),
            HttpStatusCode.BadRequest, field);
        Assert.Equal(before, (await s.EventsAsync()).Length);
    }

    [Fact]
    public async Task Deleting_production_is_refused_and_an_unknown_repository_is_404()
    {
        using var s = await Scenario.StartAsync();
        var delete = await ApiAssert.StatusAsync(await s.PostAsync("admin", $"/api/repositories/{Scenario.Repo}/push-checks",
            new { @ref = "refs/heads/release", old = s.Initial, @new = Zero, commits = Array.Empty<string>() }), HttpStatusCode.OK);
        Assert.False(delete.GetProperty("allowed").GetBoolean());
        Assert.Contains("may not be deleted", delete.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ApiAssert.ProblemAsync(await s.PostAsync("admin", "/api/repositories/nope/push-checks",
            new { @ref = "refs/heads/release", old = s.Initial, @new = s.Fix1, commits = new[] { s.Fix1 } }), HttpStatusCode.NotFound, "nope");
    }

    [Fact]
    public async Task The_server_adds_the_commits_it_can_see_to_a_list_that_leaves_them_out()
    {
        using var s = await Scenario.StartAsync();
        // The hook claims no new commits; the server sees Fix1 and Fix2 between release and feature.
        var answer = await ApiAssert.StatusAsync(await s.PostAsync("admin", $"/api/repositories/{Scenario.Repo}/push-checks",
            new { @ref = "refs/heads/release", old = s.Initial, @new = s.Fix2, commits = Array.Empty<string>() }), HttpStatusCode.OK);
        Assert.False(answer.GetProperty("allowed").GetBoolean());
        var uncovered = answer.GetProperty("commits").EnumerateArray().Select(c => c.GetProperty("sha").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { s.Fix1, s.Fix2 }, uncovered);
    }
}
