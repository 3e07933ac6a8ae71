using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// A review asking for changes or a failed test sends the patch to changes-requested; only a new
// revision brings it back to submitted.
public sealed class ChangesRequestedTests
{
    [Theory]
    [InlineData("submitted", "bob", "request-changes")]
    [InlineData("reviewed", "oscar", "request-changes")]
    [InlineData("on-test", "carol", "request-changes")]
    [InlineData("tested", "bob", "request-changes")]
    [InlineData("on-test", "tina", "fail")]
    [InlineData("tested", "dave", "fail")]
    public async Task A_request_for_changes_or_a_failed_test_needs_a_new_revision(string state, string user, string action)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync(state);
        var response = action == "fail" ? await s.TestAsync(id, user, "fail") : await s.ReviewAsync(id, user, "request-changes");
        var patch = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        Assert.Equal("changes-requested", patch.Str("state"));
        Assert.Equal(["revise", "withdraw"], await s.NextActionsAsync(id, "alice"));
        Assert.Empty(await s.NextActionsAsync(id, "bob"));
        Assert.Empty(await s.NextActionsAsync(id, "dave"));
        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "oscar"), HttpStatusCode.Conflict, "'changes-requested'");

        var revised = await ApiAssert.StatusAsync(await s.ReviseAsync(id, "alice", s.Revision2), HttpStatusCode.Created);
        Assert.Equal(("submitted", 2), (revised.Str("state"), revised.Int("revision")));
        Assert.Equal((0, 0), (revised.Have("approvals"), revised.Have("passes")));
        Assert.Equal(["review"], await s.NextActionsAsync(id, "bob"));
    }

    [Fact]
    public async Task The_request_is_recorded_with_its_verdict_and_comment()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
        var patch = await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol", "request-changes", s.Fix2), HttpStatusCode.Created);
        var review = patch.Items("reviews").Single(r => r.Str("by") == "carol");
        Assert.Equal(("request-changes", s.Fix2, false), (review.Str("verdict"), review.Str("commit"), review.Bool("stale")));
        Assert.Equal(1, patch.Have("approvals"));
        var recorded = (await s.EventsAsync(id)).Last();
        Assert.Equal(("patch.reviewed", "carol", s.Fix2), (recorded.Str("type"), recorded.Str("actor"), recorded.Str("commit")));
        Assert.Equal(("submitted", "changes-requested"), (recorded.GetProperty("data").Str("from"), recorded.GetProperty("data").Str("to")));
        Assert.Equal("request-changes", recorded.GetProperty("data").GetProperty("details").Str("verdict"));
    }
}
