using Assessment.Core.Data;
using Assessment.Server.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.People;

// The page frame's queue count is judged once per person and log head: a page shown again
// with nothing new in the log does not judge the person's queue again; a new event, or other
// roles, does.
public sealed class QueueCountTests
{
    [Fact]
    public async Task The_queue_is_counted_once_per_person_and_log_head()
    {
        using var s = await Scenario.StartAsync();
        await s.SubmitAsync();
        var counts = s.App.Services.GetRequiredService<QueueCounts>();
        await using var scope = s.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var bob = await db.Users.AsNoTracking().SingleAsync(u => u.Name == "bob");
        var judged = 0;
        Task<int> Count(int n) { judged++; return Task.FromResult(n); }

        Assert.Equal(1, await counts.CountAsync(bob, db, () => Count(1), CancellationToken.None));
        Assert.Equal(1, await counts.CountAsync(bob, db, () => Count(7), CancellationToken.None));
        Assert.Equal(1, judged);

        await s.SubmitAsync(); // an event: the queue may have changed
        Assert.Equal(2, await counts.CountAsync(bob, db, () => Count(2), CancellationToken.None));
        Assert.Equal(2, judged);

        var alice = await db.Users.AsNoTracking().SingleAsync(u => u.Name == "alice");
        Assert.Equal(5, await counts.CountAsync(alice, db, () => Count(5), CancellationToken.None));
        Assert.Equal(3, judged);
    }
}
