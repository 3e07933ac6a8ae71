using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Data;

// The write gate holds back a first action until the others are waiting, so they are
// written as one group; then looks at what each of them left.
public sealed class GroupCommitTests : IAsyncLifetime
{
    private Scenario s = null!;

    public async Task InitializeAsync() => s = await Scenario.StartAsync();

    public Task DisposeAsync()
    {
        s.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Fifty_actions_fired_at_once_are_one_group_recorded_in_order_with_a_verifying_chain()
    {
        var id = (await s.CreatedAsync("alice", "/api/patches", Submit())).GetProperty("id").GetInt32();
        var gate = s.App.Services.GetRequiredService<WriteGate>();
        var eventsBefore = await EventsAsync();
        var release = new TaskCompletionSource();
        var holder = HoldGateAsync(release.Task);
        await WaitUntilAsync(() => gate.Waiting == 0 && holder.Status != TaskStatus.RanToCompletion);
        var before = gate.Written;

        string[] assessors = ["bob", "carol", "oscar"];
        var actions = Enumerable.Range(0, 50).Select(i =>
            s.PostAsync(assessors[i % 3], $"/api/patches/{id}/reviews", new { verdict = "approve", comment = $"look {i}" })).ToList();
        await WaitUntilAsync(() => gate.Waiting == 50);
        release.SetResult();
        await holder;
        foreach (var response in await Task.WhenAll(actions)) await ApiAssert.StatusAsync(response, HttpStatusCode.Created);

        var (groups, written) = gate.Written;
        Assert.Equal((1, 50), (groups - before.Groups - 1, written - before.Actions - 1)); // the holder's group, then one of 50
        var events = (await EventsAsync()).Skip(eventsBefore.Count).Where(e => e.GetProperty("type").GetString() == "patch.reviewed").ToList();
        Assert.Equal(50, events.Count);
        // Each decided on the state the one before left: submitted until two different assessors
        // approved, then reviewed. The requests reach the gate in no fixed order, so the event that
        // moves the patch is the first one by a second person, wherever it falls.
        var states = events.Select(e => (From: e.GetProperty("data").GetProperty("from").GetString(), To: e.GetProperty("data").GetProperty("to").GetString())).ToList();
        var actors = events.Select(e => e.GetProperty("actor").GetString()).ToList();
        var second = actors.FindIndex(a => a != actors[0]);
        Assert.InRange(second, 1, 49);
        Assert.All(states.Take(second), st => Assert.Equal(("submitted", "submitted"), st));
        Assert.Equal(("submitted", "reviewed"), states[second]);
        Assert.All(states.Skip(second + 1), st => Assert.Equal(("reviewed", "reviewed"), st));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"look {i}").Order(StringComparer.Ordinal),
            events.Select(e => e.GetProperty("data").GetProperty("details").GetProperty("comment").GetString()).Order(StringComparer.Ordinal));
        var verify = await s["audrey"].GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
    }

    [Fact]
    public async Task A_failing_action_in_a_group_changes_nothing_and_the_others_succeed()
    {
        var id = (await s.CreatedAsync("alice", "/api/patches", Submit())).GetProperty("id").GetInt32();
        var gate = s.App.Services.GetRequiredService<WriteGate>();
        var release = new TaskCompletionSource();
        var holder = HoldGateAsync(release.Task);
        await WaitUntilAsync(() => gate.Waiting == 0 && holder.Status != TaskStatus.RanToCompletion);
        var eventsBefore = (await EventsAsync()).Count;

        var first = Enumerable.Range(0, 10).Select(i => s.PostAsync("bob", $"/api/patches/{id}/reviews", new { verdict = "approve", comment = $"a{i}" })).ToList();
        await WaitUntilAsync(() => gate.Waiting == 10);
        // Writes a user and an audit event, saves them in the group's transaction, then fails.
        await using var scope = s.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var failing = gate.RunAsync<int>(db, async ct =>
        {
            db.Users.Add(new User { Name = "half", RoleList = "tester" });
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, new AuditEntry("admin", "user.created", new { name = "half" }), ct);
            throw new InvalidOperationException("fails after writing");
        }, CancellationToken.None);
        await WaitUntilAsync(() => gate.Waiting == 11);
        var refused = s.PostAsync("alice", $"/api/patches/{id}/reviews", new { verdict = "approve" }); // the author: 403
        await WaitUntilAsync(() => gate.Waiting == 12);
        var then = Enumerable.Range(0, 10).Select(i => s.PostAsync("carol", $"/api/patches/{id}/reviews", new { verdict = "approve", comment = $"b{i}" })).ToList();
        await WaitUntilAsync(() => gate.Waiting == 22);
        var before = gate.Written;
        release.SetResult();
        await holder;

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await ApiAssert.ProblemAsync(await refused, HttpStatusCode.Forbidden);
        foreach (var response in await Task.WhenAll(first.Concat(then))) await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        Assert.True(gate.Written.Groups - before.Groups <= 2, "the 22 waiting actions should have gone in one group after the holder's");

        var events = (await EventsAsync()).Skip(eventsBefore).ToList();
        Assert.Equal(20, events.Count);
        Assert.All(events, e => Assert.Equal("patch.reviewed", e.GetProperty("type").GetString()));
        await using var check = s.App.Services.CreateAsyncScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<AssessmentDb>().Users.AnyAsync(u => u.Name == "half"));
        var verify = await s["audrey"].GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
    }

    [Fact]
    public async Task Records_of_a_group_carry_the_time_of_their_audit_events_not_of_their_decision()
    {
        var id = (await s.CreatedAsync("alice", "/api/patches", Submit())).GetProperty("id").GetInt32();
        var gate = s.App.Services.GetRequiredService<WriteGate>();
        var release = new TaskCompletionSource();
        var holder = HoldGateAsync(release.Task);
        await WaitUntilAsync(() => gate.Waiting == 0 && holder.Status != TaskStatus.RanToCompletion);
        var eventsBefore = (await EventsAsync()).Count;

        string[] assessors = ["bob", "carol", "oscar"];
        var actions = assessors.Select(a => s.PostAsync(a, $"/api/patches/{id}/reviews", new { verdict = "approve", comment = $"by {a}" })).ToList();
        await WaitUntilAsync(() => gate.Waiting == assessors.Length);
        // Decided before the gate at one time, written a minute later as one group.
        s.App.Clock.Advance(TimeSpan.FromMinutes(1));
        release.SetResult();
        await holder;
        foreach (var response in await Task.WhenAll(actions)) await ApiAssert.StatusAsync(response, HttpStatusCode.Created);

        var events = (await EventsAsync()).Skip(eventsBefore).Where(e => e.GetProperty("type").GetString() == "patch.reviewed").ToList();
        Assert.Equal(assessors.Length, events.Count);
        var patch = await s["bob"].GetFromJsonAsync<JsonElement>($"/api/patches/{id}");
        var recordAt = patch.GetProperty("reviews").EnumerateArray()
            .ToDictionary(r => r.GetProperty("comment").GetString()!, r => r.GetProperty("at").GetDateTimeOffset());
        // In the log's order, each record's time is its event's: the records follow the log.
        Assert.Equal(
            events.Select(e => e.GetProperty("at").GetDateTimeOffset()),
            events.Select(e => recordAt[e.GetProperty("data").GetProperty("details").GetProperty("comment").GetString()!]));
    }

    [Fact]
    public async Task A_new_patch_and_its_event_take_one_time_in_the_logs_precision()
    {
        // A clock between two milliseconds: a time read twice, or kept finer than the log keeps
        // it, would make the patch's creation differ from its event.
        s.App.Clock.Advance(TimeSpan.FromTicks(1234));
        var submitted = (await s.CreatedAsync("alice", "/api/patches", Submit())).GetProperty("id").GetInt32();
        var declared = await s.EmergencyAsync();
        var events = await EventsAsync();
        foreach (var (id, type) in new[] { (submitted, "patch.submitted"), (declared, "emergency.declared") })
        {
            var patch = await s["bob"].GetFromJsonAsync<JsonElement>($"/api/patches/{id}");
            var logged = Assert.Single(events, e => e.GetProperty("type").GetString() == type && e.GetProperty("patch").GetInt32() == id);
            Assert.Equal(logged.GetProperty("at").GetDateTimeOffset(), patch.GetProperty("createdAt").GetDateTimeOffset());
            Assert.Equal(patch.GetProperty("createdAt").GetDateTimeOffset(), patch.GetProperty("revisions")[0].GetProperty("at").GetDateTimeOffset());
        }
    }

    private object Submit() => new { repository = Scenario.Repo, title = "Group", description = "", @base = s.Initial, head = s.Fix2 };

    // An action that keeps the gate busy until released, so that the next ones queue up.
    private async Task HoldGateAsync(Task release)
    {
        await using var scope = s.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        await scope.ServiceProvider.GetRequiredService<WriteGate>().RunAsync(db, async _ =>
        {
            await release;
            return 0;
        }, CancellationToken.None);
    }

    private async Task<List<JsonElement>> EventsAsync() =>
        (await s["audrey"].GetFromJsonAsync<JsonElement>("/api/audit/events")).EnumerateArray().ToList();

    // Polls a condition about other tasks' progress; a minute is a hang, not a slow machine.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 6000 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "the condition did not come true within a minute");
    }
}
