using Assessment.Core.Data;
using Assessment.Core.GitHub;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.GitHub;

// An action reads its patch, with the patch's GitHub link, before it waits for the write gate; the
// status sender may mark the previous status delivered in between. The new status the action
// writes must then be shown as not delivered, whatever the action's earlier reading said.
public sealed class StaleStatusLinkTests
{
    [Fact]
    public async Task A_new_status_written_from_a_reading_older_than_the_senders_delivery_is_not_shown_delivered()
    {
        await using var w = await GitHubWorld.StartAsync();
        var id = (await w.SubmitPullRequestAsync(1)).GetProperty("id").GetInt32();
        await w.PollGitHubAsync(id, g => g.GetProperty("statusDelivered").GetBoolean());
        await SetLinkAsync(w, id, null, "an older wording"); // a status the action will change

        await using var scope = w.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var patch = await db.Patches.Include(p => p.GitHub).SingleAsync(p => p.Id == id);
        Assert.Null(patch.GitHub!.StatusDeliveredAt); // the action's reading, before the gate

        await SetLinkAsync(w, id, DateTimeOffset.UtcNow, "an older wording"); // the sender marks the old status delivered
        var writer = scope.ServiceProvider.GetServices<IAuditReaction>().OfType<StatusOutboxWriter>().Single();
        await writer.ReactAsync(db, new AuditEvent { PatchId = id, Actor = "bob", Type = "review.added", Data = "{}", PreviousHash = "", Hash = "" },
            CancellationToken.None);
        await db.SaveChangesAsync();

        var github = await w.PollGitHubAsync(id, _ => true);
        Assert.NotEqual("an older wording", github.GetProperty("statusDescription").GetString());
        Assert.False(github.GetProperty("statusDelivered").GetBoolean());
    }

    private static async Task SetLinkAsync(GitHubWorld w, int id, DateTimeOffset? at, string description)
    {
        await using var scope = w.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var link = await db.GitHubPatches.SingleAsync(g => g.PatchId == id);
        link.StatusDeliveredAt = at;
        link.StatusDescription = description;
        await db.SaveChangesAsync();
    }
}
