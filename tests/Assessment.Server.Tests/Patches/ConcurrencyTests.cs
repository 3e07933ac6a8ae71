using System.Net;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// Simultaneous requests on one patch: every success is recorded, every loser gets 409, and the
// recorded history always explains the state.
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_assessors_approving_at_the_same_moment_are_both_recorded()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        var answers = await Task.WhenAll(s.ReviewAsync(id, "bob"), s.ReviewAsync(id, "carol"));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var patch = await s.PatchAsync(id);
        Assert.Equal("reviewed", patch.Str("state"));
        Assert.Equal(["bob", "carol"], patch.Items("reviews").Strings("by").Order());
        Assert.Equal(2, patch.Have("approvals"));
        await AssertHistoryExplainsStateAsync(s, id, expectedEvents: 3);
    }

    [Fact]
    public async Task Of_two_simultaneous_production_deployments_exactly_one_wins()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var answers = await Task.WhenAll(s.DeployAsync(id, "sam", "production", s.Fix2), s.DeployAsync(id, "sid", "production", s.Fix2));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        await ApiAssert.ProblemAsync(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        var patch = await s.PatchAsync(id);
        Assert.Equal("deployed", patch.Str("state"));
        Assert.Single(patch.Items("deployments"), d => d.Str("environment") == "production");
        await AssertHistoryExplainsStateAsync(s, id, expectedEvents: 8);
    }

    [Fact]
    public async Task Twenty_mixed_actions_on_a_blessed_patch_leave_one_outcome()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var eventsBefore = (await s.EventsAsync(id)).Length;
        var requests = Enumerable.Range(0, 20).Select(i => (i % 4) switch
        {
            0 => s.DeployAsync(id, i % 8 == 0 ? "sam" : "sid", "production", s.Fix2),
            1 => s.WithdrawAsync(id, "alice"),
            2 => s.BlessAsync(id, "oscar"),
            _ => s.ReviewAsync(id, "oscar", "request-changes"),
        }).ToList();
        var answers = await Task.WhenAll(requests);

        var won = answers.Where(a => a.IsSuccessStatusCode).ToList();
        var winner = Assert.Single(won);
        Assert.All(answers.Except(won), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var patch = await s.PatchAsync(id);
        var state = patch.Str("state");
        var path = winner.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.Equal(path.EndsWith("/deployments", StringComparison.Ordinal) ? "deployed" : "withdrawn", state);
        Assert.Equal(state == "deployed" ? 1 : 0, patch.Items("deployments").Count(d => d.Str("environment") == "production"));
        Assert.Equal(2, patch.Items("reviews").Length);
        Assert.Equal(JsonValueKind.Object, patch.GetProperty("blessing").ValueKind);
        await AssertHistoryExplainsStateAsync(s, id, eventsBefore + 1);
    }

    [Fact]
    public async Task Twenty_simultaneous_tests_and_reviews_on_a_patch_on_test_stay_consistent()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("on-test");
        var eventsBefore = (await s.EventsAsync(id)).Length;
        string[] testers = ["dave", "erin", "tina", "tom"];
        var requests = Enumerable.Range(0, 20).Select(i => i switch
        {
            7 => s.TestAsync(id, "tina", "fail"),
            13 => s.ReviewAsync(id, "oscar", "request-changes"),
            _ when i % 5 == 4 => s.DeployAsync(id, "bob", "test", s.Fix2),
            _ => s.TestAsync(id, testers[i % testers.Length]),
        }).ToList();
        var answers = await Task.WhenAll(requests);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{a.StatusCode}"));

        var patch = await s.PatchAsync(id);
        var succeeded = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        var testsRecorded = answers.Count(a => a.StatusCode == HttpStatusCode.Created && a.RequestMessage!.RequestUri!.AbsolutePath.EndsWith("/tests", StringComparison.Ordinal));
        Assert.Equal(testsRecorded, patch.Items("tests").Length);
        // Whichever of the failed test and the request for changes comes first wins; the other finds changes-requested.
        Assert.Equal("changes-requested", patch.Str("state"));
        var closing = answers.Where((a, i) => i is 7 or 13).Select(a => a.StatusCode).Order();
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], closing);
        Assert.All(patch.Items("tests").Where(t => t.Str("result") == "pass"), t => Assert.Contains(t.Str("by"), testers));
        await AssertHistoryExplainsStateAsync(s, id, eventsBefore + succeeded);
    }

    // The patch's workflow events chain: each starts where the previous ended, the last ends in
    // the patch's state, and the log still verifies.
    private static async Task AssertHistoryExplainsStateAsync(Scenario s, int id, int expectedEvents)
    {
        var events = (await s.EventsAsync(id)).Where(e => e.Str("type").StartsWith("patch.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(expectedEvents, events.Length);
        for (var i = 1; i < events.Length; i++)
        {
            Assert.Equal(events[i - 1].GetProperty("data").Str("to"), events[i].GetProperty("data").Str("from"));
        }
        Assert.Equal((await s.PatchAsync(id)).Str("state"), events[^1].GetProperty("data").Str("to"));
        var verify = await s.GetAsync("audrey", "/api/audit/verify");
        Assert.True(verify.Bool("ok"), verify.ToString());
    }
}
