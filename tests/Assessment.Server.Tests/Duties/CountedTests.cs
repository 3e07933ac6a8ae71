using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Duties;

// A review or test that is recorded but does not count says so in the answer.
public sealed class CountedTests
{
    [Fact]
    public async Task A_pass_by_the_tester_who_approved_is_recorded_but_not_counted_and_the_answer_says_why()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        var first = await ApiAssert.StatusAsync(await s.ReviewAsync(id, "tom"), HttpStatusCode.Created); // assessor and tester
        Assert.True(first.Bool("counted"));
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Fix2), HttpStatusCode.Created);

        var pass = await ApiAssert.StatusAsync(await s.TestAsync(id, "tom"), HttpStatusCode.Created);
        Assert.False(pass.Bool("counted"));
        var reason = pass.Str("reason");
        Assert.Contains("tom already counts for approvals", reason, StringComparison.Ordinal);
        Assert.Contains("regular.md line", reason, StringComparison.Ordinal);
        Assert.Equal(0, pass.Have("passes"));
        Assert.Single(pass.Items("tests"));

        var counted = await ApiAssert.StatusAsync(await s.TestAsync(id, "dave"), HttpStatusCode.Created);
        Assert.True(counted.Bool("counted"));
        Assert.Equal(JsonValueKindNull, counted.GetProperty("reason").ValueKind);
        Assert.Equal(1, counted.Have("passes"));

        // The patch itself carries the counts; "counted" belongs only to an action's answer.
        var patch = await s.PatchAsync(id);
        Assert.False(patch.TryGetProperty("counted", out _));
        Assert.Equal(["approvals", "passes"], patch.Items("counts").Select(c => c.Str("name")));
        Assert.Equal(["dave"], patch.Count("passes").Strings("people"));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
