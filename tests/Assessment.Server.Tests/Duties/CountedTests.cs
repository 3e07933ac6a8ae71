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

    // An emergency has a reason of its own (why it was deployed at once): the answer keeps it, and
    // says why the record does not count in its own place, "counting".
    [Fact]
    public async Task On_an_emergency_the_counting_reason_does_not_replace_the_emergency_reason()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.EmergencyAsync();
        var why = (await s.PatchAsync(id)).Str("reason");
        Assert.Contains("CVE-2014-0160", why, StringComparison.Ordinal);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "tom"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Openssl), HttpStatusCode.Created);

        var pass = await ApiAssert.StatusAsync(await s.TestAsync(id, "tom"), HttpStatusCode.Created);
        Assert.False(pass.Bool("counted"));
        Assert.Equal(why, pass.Str("reason"));
        var counting = pass.GetProperty("counting");
        Assert.False(counting.Bool("counted"));
        Assert.Contains("tom already counts for approvals", counting.Str("reason"), StringComparison.Ordinal);
        Assert.Contains("emergency.md line", counting.Str("reason"), StringComparison.Ordinal);

        var counted = await ApiAssert.StatusAsync(await s.TestAsync(id, "dave"), HttpStatusCode.Created);
        Assert.True(counted.Bool("counted"));
        Assert.Equal(why, counted.Str("reason"));
        Assert.Equal(JsonValueKindNull, counted.GetProperty("counting").GetProperty("reason").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
