using System.Net;
using System.Net.Http.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.GitHub;

// GitHub unreachable: the action succeeds, the status waits in the outbox, the patch and the log
// say so, and it is delivered once GitHub is back.
public sealed class GitHubDownTests
{
    [Fact]
    public async Task With_GitHub_down_the_review_succeeds_and_its_status_is_delivered_once_GitHub_is_back()
    {
        await using var w = await GitHubWorld.StartAsync();
        var id = (await w.SubmitPullRequestAsync(1)).GetProperty("id").GetInt32();
        await w.StatusesAsync(1);

        w.GitHub.Down = true;
        await ApiAssert.StatusAsync(await w["bob"].PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "approve" }), HttpStatusCode.Created);
        var shown = await w.PollGitHubAsync(id, g => g.GetProperty("statusError").ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.False(shown.GetProperty("statusDelivered").GetBoolean());
        Assert.Contains("503", shown.GetProperty("statusError").GetString(), StringComparison.Ordinal);
        Assert.Equal("submitted: 1 of 2 approvals, 0 of 2 passes", shown.GetProperty("statusDescription").GetString());
        var failed = Assert.Single(await w.EventsAsync(), e => e.GetProperty("type").GetString() == "github.status-failed");
        Assert.Equal(id, failed.GetProperty("patch").GetInt32());

        w.GitHub.Down = false;
        w.App.Clock.Advance(TimeSpan.FromMinutes(5)); // past the first back-off
        var statuses = await w.StatusesAsync(2);
        Assert.Equal("submitted: 1 of 2 approvals, 0 of 2 passes", statuses[1].Body!.Value.GetProperty("description").GetString());
        await w.PollGitHubAsync(id, g => g.GetProperty("statusDelivered").GetBoolean());
        Assert.Single(await w.EventsAsync(), e => e.GetProperty("type").GetString() == "github.status-delivered");
        Assert.Equal(2, w.GitHub.Statuses.Count); // once, not again
    }
}
