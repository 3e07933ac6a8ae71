using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// 403: role or separation of duties; 409: not allowed in the patch's current state. The detail
// names the rule at fault.
public sealed class RefusalTests
{
    public static TheoryData<string, string, string, string, HttpStatusCode, string[]> Refusals => new()
    {
        // author, patch state, who acts, action, status, the detail mentions
        { "ada", "submitted", "ada", "approve", HttpStatusCode.Forbidden, ["separation of duties", "author"] },
        { "ada", "submitted", "ada", "request-changes", HttpStatusCode.Forbidden, ["separation of duties", "author"] },
        { "ada", "on-test", "ada", "pass", HttpStatusCode.Forbidden, ["separation of duties", "author"] },
        { "ada", "tested", "ada", "bless", HttpStatusCode.Forbidden, ["separation of duties", "author"] },
        { "alice", "submitted", "frank", "approve", HttpStatusCode.Forbidden, ["assessor", "frank holds developer"] },
        { "alice", "submitted", "audrey", "approve", HttpStatusCode.Forbidden, ["assessor", "auditor"] },
        { "alice", "on-test", "bob", "pass", HttpStatusCode.Forbidden, ["tester", "bob holds assessor"] },
        { "alice", "tested", "dave", "bless", HttpStatusCode.Forbidden, ["bless", "assessor"] },
        { "alice", "reviewed", "dave", "deploy-test", HttpStatusCode.Forbidden, ["deploy-test", "assessor"] },
        { "alice", "blessed", "bob", "deploy-production", HttpStatusCode.Forbidden, ["deploy-production", "sysadmin"] },
        { "alice", "submitted", "frank", "withdraw", HttpStatusCode.Forbidden, ["withdraw", "author or admin"] },
        { "alice", "submitted", "frank", "revise", HttpStatusCode.Forbidden, ["revise", "author"] },
        { "alice", "reviewed", "sam", "deploy-production", HttpStatusCode.Conflict, ["deploy-production", "'reviewed'"] },
        { "alice", "tested", "sam", "deploy-production", HttpStatusCode.Conflict, ["deploy-production", "'tested'"] },
        { "alice", "submitted", "bob", "deploy-test", HttpStatusCode.Conflict, ["deploy-test", "'submitted'"] },
        { "alice", "submitted", "dave", "pass", HttpStatusCode.Conflict, ["pass", "'submitted'"] },
        { "alice", "on-test", "carol", "bless", HttpStatusCode.Conflict, ["bless", "'on-test'"] },
        { "alice", "reviewed", "carol", "bless", HttpStatusCode.Conflict, ["bless", "'reviewed'"] },
        { "alice", "tested", "bob", "approve", HttpStatusCode.Conflict, ["approve", "'tested'"] },
        { "alice", "withdrawn", "bob", "approve", HttpStatusCode.Conflict, ["approve", "'withdrawn'"] },
        { "alice", "withdrawn", "alice", "revise", HttpStatusCode.Conflict, ["revise", "'withdrawn'"] },
        { "alice", "withdrawn", "admin", "withdraw", HttpStatusCode.Conflict, ["withdraw", "'withdrawn'"] },
        { "alice", "deployed", "alice", "withdraw", HttpStatusCode.Conflict, ["withdraw", "'deployed'"] },
        { "alice", "deployed", "sid", "deploy-production", HttpStatusCode.Conflict, ["already deployed", "'production'"] },
        { "alice", "changes-requested", "bob", "approve", HttpStatusCode.Conflict, ["approve", "'changes-requested'"] },
        { "alice", "changes-requested", "bob", "deploy-test", HttpStatusCode.Conflict, ["deploy-test", "'changes-requested'"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task The_workflow_refuses(string author, string state, string user, string action, HttpStatusCode status, string[] mentions)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync(state, author);
        var response = action switch
        {
            "approve" or "request-changes" => await s.ReviewAsync(id, user, action),
            "pass" => await s.TestAsync(id, user),
            "bless" => await s.BlessAsync(id, user),
            "deploy-test" => await s.DeployAsync(id, user, "test", s.Fix2),
            "deploy-production" => await s.DeployAsync(id, user, "production", s.Fix2),
            "withdraw" => await s.WithdrawAsync(id, user),
            "revise" => await s.ReviseAsync(id, user, s.Revision2),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
        await ApiAssert.ProblemAsync(response, status, mentions);
        Assert.Equal(state, (await s.PatchAsync(id)).Str("state"));
    }

    [Fact]
    public async Task Production_takes_only_the_blessed_commit()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "sam", "production", s.Fix1), HttpStatusCode.Conflict,
            "commit", s.Fix1[..12], "not the blessed commit", s.Fix2[..12]);
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "sam", "production", s.Revision2), HttpStatusCode.Conflict, "blessed commit");
        Assert.Equal("blessed", (await s.PatchAsync(id)).Str("state"));
    }

    [Fact]
    public async Task The_test_server_takes_only_the_current_head()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("reviewed");
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "bob", "test", s.Fix1), HttpStatusCode.Conflict,
            "commit", s.Fix1[..12], "current head", s.Fix2[..12]);
        var patch = await s.PatchAsync(id);
        Assert.Equal("reviewed", patch.Str("state"));
        Assert.Empty(patch.Items("deployments"));
    }

    [Fact]
    public async Task The_author_or_an_admin_withdraws_and_then_nothing_more_happens()
    {
        using var s = await Scenario.StartAsync();
        var byAdmin = await s.RegularInStateAsync("reviewed");
        await ApiAssert.ProblemAsync(await s.WithdrawAsync(byAdmin, "frank"), HttpStatusCode.Forbidden, "author or admin");
        var withdrawn = await ApiAssert.StatusAsync(await s.WithdrawAsync(byAdmin, "admin"), HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.Str("state"));
        Assert.Empty(withdrawn.Strings("nextActions"));

        var byAuthor = await s.RegularInStateAsync("blessed");
        Assert.Equal("withdrawn", (await ApiAssert.StatusAsync(await s.WithdrawAsync(byAuthor, "alice"), HttpStatusCode.OK)).Str("state"));
        await ApiAssert.ProblemAsync(await s.DeployAsync(byAuthor, "sam", "production", s.Fix2), HttpStatusCode.Conflict, "'withdrawn'");
        await ApiAssert.ProblemAsync(await s.ReviewAsync(byAuthor, "oscar", "request-changes"), HttpStatusCode.Conflict, "'withdrawn'");
        await ApiAssert.ProblemAsync(await s.TestAsync(byAuthor, "tina", "fail"), HttpStatusCode.Conflict, "'withdrawn'");
        Assert.Empty(await s.NextActionsAsync(byAuthor, "alice"));
    }

    [Fact]
    public async Task A_review_of_an_old_commit_after_a_new_revision_is_refused_and_not_recorded()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob", commit: s.Fix2), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviseAsync(id, "alice", s.Revision2), HttpStatusCode.Created);
        var eventsBefore = (await s.EventsAsync()).Length;

        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "carol", commit: s.Fix2), HttpStatusCode.Conflict,
            "commit", s.Fix2[..12], "no longer the head", "nothing was recorded");

        var patch = await s.PatchAsync(id);
        Assert.Equal(eventsBefore, (await s.EventsAsync()).Length);
        var review = Assert.Single(patch.Items("reviews"));
        Assert.Equal(("bob", true), (review.Str("by"), review.Bool("stale")));
        Assert.Empty(patch.Items("tests"));
        Assert.Equal(("submitted", 2, s.Revision2), (patch.Str("state"), patch.Int("revision"), patch.Str("head")));
    }
}
