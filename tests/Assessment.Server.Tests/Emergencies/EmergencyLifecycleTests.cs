using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Emergencies;

// The Heartbleed story: the fix runs in production at once; the regular teams review and test it
// in the aftermath; it ends blessed, or remediated by a follow-up patch.
public sealed class EmergencyLifecycleTests
{
    [Fact]
    public async Task An_emergency_is_declared_then_reviewed_tested_and_blessed_after_the_fact()
    {
        using var s = await Scenario.StartAsync();
        var declaredAt = s.App.Clock.GetUtcNow();
        var response = await s.DeclareAsync("sam", s.Openssl[..9]);
        var declared = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        var id = declared.Int("id");
        Assert.Equal($"/api/patches/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("emergency", "awaiting-review", s.Openssl, s.Revision2), (declared.Str("kind"), declared.Str("state"), declared.Str("head"), declared.Str("base")));
        Assert.Equal(("sam", "a20140408.1", "dev <dev@example.org>"), (declared.Str("declaredBy"), declared.Str("arbitration"), declared.Str("commitAuthor")));
        Assert.Contains("CVE-2014-0160", declared.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(declaredAt + TimeSpan.FromDays(14), declared.GetProperty("reviewDeadline").GetDateTimeOffset());
        Assert.False(declared.Bool("overdue"));
        var production = Assert.Single(declared.Items("deployments"));
        Assert.Equal(("production", s.Openssl, "sam", true), (production.Str("environment"), production.Str("commit"), production.Str("by"), production.Bool("emergency")));
        Assert.Equal(declaredAt, production.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(["review"], await s.NextActionsAsync(id, "bob"));
        Assert.Empty(await s.NextActionsAsync(id, "sam"));
        Assert.Empty(await s.NextActionsAsync(id, "dave"));

        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "bob", commit: s.Revision2), HttpStatusCode.Conflict, "commit", s.Revision2[..12]);
        Assert.Empty((await s.PatchAsync(id)).Items("reviews"));

        await s.StepsAsync(id, s.Openssl, "sam", "approve");
        Assert.Equal("reviewed", (await s.PatchAsync(id)).Str("state"));
        await s.StepsAsync(id, s.Openssl, "sam", "deploy-test");
        Assert.Equal("on-test", (await s.PatchAsync(id)).Str("state"));
        await s.StepsAsync(id, s.Openssl, "sam", "pass");
        Assert.Equal("tested", (await s.PatchAsync(id)).Str("state"));
        Assert.Equal(["review", "bless"], await s.NextActionsAsync(id, "carol"));
        var blessed = await ApiAssert.StatusAsync(await s.BlessAsync(id, "carol"), HttpStatusCode.Created);
        Assert.Equal(("blessed", s.Openssl), (blessed.Str("state"), blessed.GetProperty("blessing").Str("commit")));
        Assert.Equal((2, 2), (blessed.Have("approvals"), blessed.Have("passes")));

        // Blessed is final for an emergency.
        foreach (var user in new[] { "admin", "bob", "carol", "dave", "sam" }) Assert.Empty(await s.NextActionsAsync(id, user));
        await ApiAssert.ProblemAsync(await s.WithdrawAsync(id, "admin"), HttpStatusCode.Conflict, "withdraw");
        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "oscar", "request-changes"), HttpStatusCode.Conflict, "'blessed'");
        await ApiAssert.ProblemAsync(await s.TestAsync(id, "tina", "fail"), HttpStatusCode.Conflict, "'blessed'");
        await ApiAssert.ProblemAsync(await s.BlessAsync(id, "oscar"), HttpStatusCode.Conflict, "'blessed'");
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "sam", "production", s.Openssl), HttpStatusCode.Conflict, "deploy-production");

        var types = (await s.EventsAsync(id)).Strings("type");
        Assert.Equal("emergency.declared", types[0]);
        Assert.Equal(1, types.Count(t => t == "emergency.outcome"));
        Assert.Equal(["patch.reviewed", "patch.reviewed", "patch.deployed", "patch.tested", "patch.tested", "patch.blessed"],
            types.Where(t => t.StartsWith("patch.", StringComparison.Ordinal)));
        Assert.Equal(["emergency"], (await s.GetAsync("audrey", "/api/patches?kind=emergency")).EnumerateArray().Strings("kind"));
    }

    [Fact]
    public async Task Changes_requested_are_made_by_a_follow_up_that_remediates_the_emergency_once_deployed()
    {
        using var s = await Scenario.StartAsync();
        var emergency = await s.EmergencyAsync();
        var requested = await ApiAssert.StatusAsync(await s.ReviewAsync(emergency, "bob", "request-changes"), HttpStatusCode.Created);
        Assert.Equal("changes-requested", requested.Str("state"));
        Assert.Empty(await s.NextActionsAsync(emergency, "carol"));

        var followUp = await s.SubmitAsync("alice", @base: s.Openssl, head: s.Remedy, follows: emergency);
        var submitted = await s.PatchAsync(followUp);
        Assert.Equal(("regular", "submitted", emergency), (submitted.Str("kind"), submitted.Str("state"), submitted.Int("follows")));
        await s.StepsAsync(followUp, s.Remedy, "alice", "approve", "deploy-test", "pass", "bless");
        Assert.Equal("changes-requested", (await s.PatchAsync(emergency)).Str("state"));

        await s.StepsAsync(followUp, s.Remedy, "alice", "deploy-production");
        Assert.Equal("deployed", (await s.PatchAsync(followUp)).Str("state"));
        var remediated = await s.PatchAsync(emergency);
        Assert.Equal("remediated", remediated.Str("state"));
        Assert.Empty(remediated.Strings("nextActions"));

        var events = await s.EventsAsync(emergency);
        var closing = Assert.Single(events, e => e.Str("type") == "emergency.remediated");
        Assert.Equal(("system", followUp, s.Remedy), (closing.Str("actor"), closing.GetProperty("data").Int("followUp"), closing.Str("commit")));
        Assert.Equal(("changes-requested", "remediated"), (closing.GetProperty("data").Str("from"), closing.GetProperty("data").Str("to")));
        var outcome = Assert.Single(events, e => e.Str("type") == "emergency.outcome");
        Assert.Equal("changes-requested", outcome.GetProperty("data").Str("outcome"));
        Assert.Equal(["emergency.declared", "patch.reviewed", "emergency.outcome", "emergency.remediated"], events.Strings("type"));
    }

    [Fact]
    public async Task A_failed_test_after_the_fact_is_the_emergencys_outcome()
    {
        using var s = await Scenario.StartAsync();
        var emergency = await s.EmergencyAsync();
        s.App.Clock.Advance(TimeSpan.FromHours(30));
        await s.StepsAsync(emergency, s.Openssl, "alice", "approve", "deploy-test");
        await ApiAssert.StatusAsync(await s.TestAsync(emergency, "dave", "fail"), HttpStatusCode.Created);
        Assert.Equal("changes-requested", (await s.PatchAsync(emergency)).Str("state"));

        var outcome = Assert.Single(await s.EventsAsync(emergency), e => e.Str("type") == "emergency.outcome");
        Assert.Equal("changes-requested", outcome.GetProperty("data").Str("outcome"));
        Assert.Equal(30, outcome.GetProperty("data").GetProperty("hoursSinceDeployment").GetDouble());
    }

    [Fact]
    public async Task A_second_follow_up_can_still_be_deployed_after_the_first_remediated_the_emergency()
    {
        // Deploying a follow-up remediates the emergency only while it awaits remedial changes;
        // a second follow-up must not be refused because the first one already closed it.
        using var s = await Scenario.StartAsync();
        var emergency = await s.EmergencyAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(emergency, "bob", "request-changes"), HttpStatusCode.Created);
        var first = await s.SubmitAsync("alice", @base: s.Openssl, head: s.Mallory, follows: emergency);
        var second = await s.SubmitAsync("frank", @base: s.Openssl, head: s.Remedy, follows: emergency);
        await s.StepsAsync(first, s.Mallory, "alice", "approve", "deploy-test", "pass", "bless", "deploy-production");
        Assert.Equal("remediated", (await s.PatchAsync(emergency)).Str("state"));
        await s.StepsAsync(second, s.Remedy, "frank", "approve", "deploy-test", "pass", "bless");

        var deployed = await ApiAssert.StatusAsync(await s.DeployAsync(second, "sam", "production", s.Remedy), HttpStatusCode.Created);
        Assert.Equal("deployed", deployed.Str("state"));
        Assert.Equal("remediated", (await s.PatchAsync(emergency)).Str("state"));
    }
}
