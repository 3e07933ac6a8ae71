using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// regular.md's Counts: 2 approvals, 2 passes distinct from the approvals; each person counts
// once; only records about the current head count.
public sealed class CountingTests
{
    [Theory]
    [InlineData(new[] { "bob" }, "submitted", 1)]
    [InlineData(new[] { "bob", "bob" }, "submitted", 1)]
    [InlineData(new[] { "bob", "bob", "bob" }, "submitted", 1)]
    [InlineData(new[] { "bob", "carol" }, "reviewed", 2)]
    [InlineData(new[] { "bob", "bob", "carol" }, "reviewed", 2)]
    [InlineData(new[] { "bob", "carol", "oscar" }, "reviewed", 3)]
    [InlineData(new[] { "tom", "carol" }, "reviewed", 2)]
    public async Task Approvals_count_each_assessor_once(string[] approvers, string state, int approvals)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        foreach (var assessor in approvers)
        {
            await ApiAssert.StatusAsync(await s.ReviewAsync(id, assessor), HttpStatusCode.Created);
        }
        var patch = await s.PatchAsync(id);
        Assert.Equal(state, patch.Str("state"));
        Assert.Equal(approvals, patch.Have("approvals"));
        Assert.Equal(2, patch.Count("approvals").Int("need"));
        Assert.Equal(approvers.Length, patch.Items("reviews").Length);
        Assert.Equal(approvers.Distinct().Order(), patch.Count("approvals").Strings("people").Order());
    }

    [Theory]
    [InlineData(new[] { "dave" }, "on-test", 1)]
    [InlineData(new[] { "dave", "dave" }, "on-test", 1)]
    [InlineData(new[] { "tom" }, "on-test", 0)]
    [InlineData(new[] { "tom", "dave" }, "on-test", 1)]
    [InlineData(new[] { "tom", "tom", "dave" }, "on-test", 1)]
    [InlineData(new[] { "tom", "dave", "erin" }, "tested", 2)]
    [InlineData(new[] { "dave", "erin" }, "tested", 2)]
    [InlineData(new[] { "dave", "erin", "tina" }, "tested", 3)]
    public async Task A_tester_who_also_reviewed_is_recorded_but_not_counted_again(string[] testers, string state, int passes)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "tom"), HttpStatusCode.Created); // tom: assessor and tester
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Fix2), HttpStatusCode.Created);
        foreach (var tester in testers)
        {
            await ApiAssert.StatusAsync(await s.TestAsync(id, tester), HttpStatusCode.Created);
        }
        var patch = await s.PatchAsync(id);
        Assert.Equal(state, patch.Str("state"));
        Assert.Equal(passes, patch.Have("passes"));
        Assert.Equal(testers.Length, patch.Items("tests").Length);
        Assert.DoesNotContain("tom", patch.Count("passes").Strings("people"));
        Assert.Contains("tom", patch.Count("approvals").Strings("people"));
    }

    [Fact]
    public async Task A_new_revision_makes_reviews_tests_and_the_test_deployment_stale()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("on-test");
        await ApiAssert.StatusAsync(await s.TestAsync(id, "dave"), HttpStatusCode.Created);
        var revised = await ApiAssert.StatusAsync(await s.ReviseAsync(id, "alice", "main~3"), HttpStatusCode.Created);

        Assert.Equal(("submitted", 2, s.Revision2, s.Initial), (revised.Str("state"), revised.Int("revision"), revised.Str("head"), revised.Str("base")));
        Assert.All(revised.Items("reviews"), r => Assert.True(r.Bool("stale")));
        Assert.Equal(2, revised.Items("reviews").Length);
        Assert.True(Assert.Single(revised.Items("tests")).Bool("stale"));
        Assert.True(Assert.Single(revised.Items("deployments")).Bool("stale"));
        Assert.Equal((0, 0), (revised.Have("approvals"), revised.Have("passes")));
        Assert.Equal([1, 2], revised.Items("revisions").Select(r => r.Int("number")));
        Assert.Equal(["review"], await s.NextActionsAsync(id, "bob"));

        // The old approvals do not carry over: two fresh ones are needed.
        var one = await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob", commit: s.Revision2), HttpStatusCode.Created);
        Assert.Equal(("submitted", 1), (one.Str("state"), one.Have("approvals")));
        var two = await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol"), HttpStatusCode.Created);
        Assert.Equal(("reviewed", 2), (two.Str("state"), two.Have("approvals")));
        Assert.Equal([false, false], two.Items("reviews").Where(r => r.Str("commit") == s.Revision2).Select(r => r.Bool("stale")));
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "bob", "test", s.Fix2), HttpStatusCode.Conflict, "current head");
        var onTest = await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Revision2), HttpStatusCode.Created);
        // An action's answer holds the current revision's records; the whole history, with the
        // first revision's test deployment marked stale, is the patch's own page.
        Assert.Equal([false], onTest.Items("deployments").Select(d => d.Bool("stale")));
        Assert.Equal([true, false], (await s.PatchAsync(id)).Items("deployments").Select(d => d.Bool("stale")));
    }

    [Fact]
    public async Task Revising_to_the_same_head_or_by_someone_else_is_refused()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        await ApiAssert.ProblemAsync(await s.ReviseAsync(id, "alice", "feature"), HttpStatusCode.Conflict, "head", "already the head");
        await ApiAssert.ProblemAsync(await s.ReviseAsync(id, "bob", s.Revision2), HttpStatusCode.Forbidden, "revise", "author");
        await ApiAssert.ProblemAsync(await s.ReviseAsync(id, "alice", "release"), HttpStatusCode.UnprocessableEntity, "head", "the base itself");
        Assert.Equal(1, (await s.PatchAsync(id)).Int("revision"));
    }
}
