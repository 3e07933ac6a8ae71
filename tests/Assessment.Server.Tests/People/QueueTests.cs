using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.People;

// actionable=me: what waits for the caller, by what they may do at the patch's step.
public sealed class QueueTests
{
    [Fact]
    public async Task Each_person_sees_what_waits_for_them_step_by_step()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        var other = await s.SubmitAsync("ada");

        Assert.Equal([id, other], await QueueAsync(s, "bob"));           // assessors review
        Assert.Equal([id], await QueueAsync(s, "ada"));                  // never one's own patch
        Assert.Empty(await QueueAsync(s, "alice"));                      // nothing asked of the author yet
        Assert.Empty(await QueueAsync(s, "dave"));                       // nothing on test yet
        Assert.Empty(await QueueAsync(s, "audrey"));                     // auditors act on nothing

        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol"), HttpStatusCode.Created);
        Assert.Equal(["deploy-test", "review"], (await EntryAsync(s, "oscar", id)).Strings("nextActions").Order());
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Fix2), HttpStatusCode.Created);
        Assert.Equal([id], await QueueAsync(s, "dave"));

        await ApiAssert.StatusAsync(await s.TestAsync(id, "dave", "fail"), HttpStatusCode.Created);
        Assert.Equal([id], await QueueAsync(s, "alice"));                // changes asked for: the author revises
        Assert.Equal(["revise"], (await EntryAsync(s, "alice", id)).Strings("nextActions").Where(a => a == "revise"));
        Assert.DoesNotContain(id, await QueueAsync(s, "dave"));
    }

    [Fact]
    public async Task An_overdue_emergency_waits_for_the_assessors_and_the_blessed_patch_for_the_sysadmins()
    {
        using var s = await Scenario.StartAsync();
        var declared = await ApiAssert.StatusAsync(await s.DeclareAsync(), HttpStatusCode.Created);
        var emergency = declared.Int("id");
        Assert.Contains(emergency, await QueueAsync(s, "carol"));
        Assert.DoesNotContain(emergency, await QueueAsync(s, "sam"));   // the declarer does not review it

        s.App.Clock.Advance(TimeSpan.FromDays(30));
        var entry = await EntryAsync(s, "carol", emergency);
        Assert.True(entry.Bool("overdue"));
    }

    private static async Task<int[]> QueueAsync(Scenario s, string user) =>
        [.. (await s.GetAsync(user, "/api/patches?actionable=me")).EnumerateArray().Select(p => p.Int("id"))];

    private static async Task<System.Text.Json.JsonElement> EntryAsync(Scenario s, string user, int id) =>
        (await s.GetAsync(user, "/api/patches?actionable=me")).EnumerateArray().Single(p => p.Int("id") == id);
}
