using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Emergencies;

// emergency.md's Deadline: 14 days from the declaration, met in blessed or remediated. The clock
// is the test's.
public sealed class EmergencyDeadlineTests
{
    private static readonly TimeSpan Fortnight = TimeSpan.FromDays(14);

    [Theory]
    [InlineData(-3600, false)]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(86_400, true)]
    [InlineData(86 * 86_400, true)]
    public async Task An_open_emergency_is_overdue_from_its_deadline_on(int secondsAfterDeadline, bool overdueExpected)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.EmergencyAsync();
        var other = await s.SubmitAsync();
        s.App.Clock.Advance(Fortnight + TimeSpan.FromSeconds(secondsAfterDeadline));
        Assert.Equal(overdueExpected, (await s.PatchAsync(id, "audrey")).Bool("overdue"));
        Assert.Equal(overdueExpected ? [id] : [], await IdsAsync(s, "/api/patches?overdue=true"));
        Assert.Equal(overdueExpected ? [other] : [id, other], await IdsAsync(s, "/api/patches?overdue=false"));
        Assert.False((await s.PatchAsync(other)).Bool("overdue"));
    }

    [Fact]
    public async Task The_deadline_itself_is_overdue_and_one_second_before_is_not()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.EmergencyAsync();
        s.App.Clock.Advance(Fortnight - TimeSpan.FromSeconds(1));
        Assert.False((await s.PatchAsync(id)).Bool("overdue"));
        Assert.Empty(await IdsAsync(s, "/api/patches?overdue=true"));
        s.App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await s.PatchAsync(id)).Bool("overdue"));
        Assert.Equal([id], await IdsAsync(s, "/api/patches?overdue=true"));
    }

    [Fact]
    public async Task A_blessed_emergency_is_never_overdue()
    {
        using var s = await Scenario.StartAsync();
        var onTime = await s.EmergencyAsync();
        await s.StepsAsync(onTime, s.Openssl, "sam", "approve", "deploy-test", "pass", "bless");
        var late = await s.EmergencyAsync(commit: s.Mallory, @base: s.Openssl);
        s.App.Clock.Advance(TimeSpan.FromDays(20));
        Assert.True((await s.PatchAsync(late)).Bool("overdue"));
        await s.StepsAsync(late, s.Mallory, "sam", "approve", "deploy-test", "pass", "bless");

        s.App.Clock.Advance(TimeSpan.FromDays(100));
        foreach (var id in new[] { onTime, late })
        {
            var patch = await s.PatchAsync(id);
            Assert.Equal(("blessed", false), (patch.Str("state"), patch.Bool("overdue")));
        }
        Assert.Empty(await IdsAsync(s, "/api/patches?overdue=true"));
    }

    [Fact]
    public async Task A_changes_requested_emergency_stays_overdue_until_remediated()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.EmergencyAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol", "request-changes"), HttpStatusCode.Created);
        s.App.Clock.Advance(Fortnight + TimeSpan.FromDays(1));
        var late = await s.PatchAsync(id);
        Assert.Equal(("changes-requested", true), (late.Str("state"), late.Bool("overdue")));

        var followUp = await s.SubmitAsync(@base: s.Openssl, head: s.Remedy, follows: id);
        await s.StepsAsync(followUp, s.Remedy, "alice", "approve", "deploy-test", "pass", "bless");
        Assert.True((await s.PatchAsync(id)).Bool("overdue"));
        Assert.Equal([id], await IdsAsync(s, "/api/patches?overdue=true"));

        await s.StepsAsync(followUp, s.Remedy, "alice", "deploy-production");
        s.App.Clock.Advance(TimeSpan.FromDays(100));
        var remediated = await s.PatchAsync(id);
        Assert.Equal(("remediated", false), (remediated.Str("state"), remediated.Bool("overdue")));
        Assert.Empty(await IdsAsync(s, "/api/patches?overdue=true"));
    }

    [Fact]
    public async Task A_regular_patch_has_no_deadline()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        s.App.Clock.Advance(TimeSpan.FromDays(400));
        var patch = await s.PatchAsync(id);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, patch.GetProperty("reviewDeadline").ValueKind);
        Assert.False(patch.Bool("overdue"));
    }

    private static async Task<int[]> IdsAsync(Scenario s, string path) =>
        (await s.GetAsync("audrey", path)).EnumerateArray().Select(p => p.Int("id")).ToArray();
}
