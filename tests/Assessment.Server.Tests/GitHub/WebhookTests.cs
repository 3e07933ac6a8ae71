using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.GitHub;

// POST /api/github/webhook: signed by the shared secret, applied once per delivery.
public sealed class WebhookTests
{
    [Fact]
    public async Task Synchronize_with_a_valid_signature_makes_a_new_revision_once_and_a_wrong_signature_changes_nothing()
    {
        await using var w = await GitHubWorld.StartAsync();
        var id = (await w.SubmitPullRequestAsync(1)).GetProperty("id").GetInt32();
        await ApiAssert.StatusAsync(await w["bob"].PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "approve" }), HttpStatusCode.Created);
        var next = w.Origin.Commit("Escape user names in the list too", new Dictionary<string, string?> { ["b.php"] = "b\n" });
        w.GitHub.OpenPullRequest(w.GitHub.Pull(1) with { HeadSha = next });
        var payload = GitHubWorld.PullRequestEvent("synchronize", 1, next);

        // A wrong signature, a missing one, a signature under another secret: 401 and nothing recorded.
        var before = await w.EventsAsync();
        foreach (var signature in new[] { "sha256=" + new string('0', 64), "", Core.GitHub.WebhookSignature.Sign("another-secret", JsonSerializer.SerializeToUtf8Bytes(payload)) })
        {
            await ApiAssert.ProblemAsync(await w.DeliverAsync("pull_request", "d-forged", payload, signature), HttpStatusCode.Unauthorized, "X-Hub-Signature-256");
        }
        Assert.Equal(before.Count, (await w.EventsAsync()).Count);
        Assert.Equal(1, (await w.PatchAsync(id)).GetProperty("revision").GetInt32());

        var applied = await ApiAssert.StatusAsync(await w.DeliverAsync("pull_request", "d-1", payload), HttpStatusCode.OK);
        Assert.True(applied.GetProperty("applied").GetBoolean(), applied.ToString());
        var patch = await w.PatchAsync(id);
        Assert.Equal(2, patch.GetProperty("revision").GetInt32());
        Assert.Equal(next, patch.GetProperty("head").GetString());
        Assert.Equal("submitted", patch.GetProperty("state").GetString());
        Assert.True(Assert.Single(patch.GetProperty("reviews").EnumerateArray()).GetProperty("stale").GetBoolean());

        // The same delivery again (GitHub's "Redeliver"): answered, applied no second time.
        var events = (await w.EventsAsync()).Count;
        var again = await ApiAssert.StatusAsync(await w.DeliverAsync("pull_request", "d-1", payload), HttpStatusCode.OK);
        Assert.False(again.GetProperty("applied").GetBoolean());
        Assert.Contains("applied", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(events, (await w.EventsAsync()).Count);
        Assert.Equal(2, (await w.PatchAsync(id)).GetProperty("revision").GetInt32());
        var log = Assert.Single(await w.EventsAsync(), e => e.GetProperty("type").GetString() == "github.delivery-applied");
        Assert.Equal("d-1", log.GetProperty("data").GetProperty("delivery").GetString());

        // The new head gets its own status.
        var statuses = await w.StatusesAsync(3);
        Assert.Contains(statuses, s => s.Path.EndsWith(next, StringComparison.Ordinal)
            && s.Body!.Value.GetProperty("description").GetString() == "submitted: 0 of 2 approvals, 0 of 2 passes");
    }

    [Fact]
    public async Task Closed_without_merge_withdraws_and_a_push_to_production_records_what_no_patch_covers()
    {
        await using var w = await GitHubWorld.StartAsync();
        var id = (await w.SubmitPullRequestAsync(1)).GetProperty("id").GetInt32();
        var merged = await ApiAssert.StatusAsync(await w.DeliverAsync("pull_request", "d-merged", GitHubWorld.PullRequestEvent("closed", 1, w.Fix, merged: true)), HttpStatusCode.OK);
        Assert.False(merged.GetProperty("applied").GetBoolean());
        Assert.Equal("submitted", (await w.PatchAsync(id)).GetProperty("state").GetString());

        var closed = await ApiAssert.StatusAsync(await w.DeliverAsync("pull_request", "d-closed", GitHubWorld.PullRequestEvent("closed", 1, w.Fix)), HttpStatusCode.OK);
        Assert.True(closed.GetProperty("applied").GetBoolean(), closed.ToString());
        Assert.Equal("withdrawn", (await w.PatchAsync(id)).GetProperty("state").GetString());

        // Someone pushes an unreviewed commit straight to release on GitHub.
        w.Origin.Checkout("release");
        var sneaky = w.Origin.Commit("Hot edit on production", new Dictionary<string, string?> { ["c.php"] = "c\n" });
        var push = new { @ref = "refs/heads/release", before = w.Initial, after = sneaky, repository = new { full_name = GitHubWorld.Repo }, sender = new { login = "mallory" } };
        var answer = await ApiAssert.StatusAsync(await w.DeliverAsync("push", "d-push", push), HttpStatusCode.OK);
        Assert.True(answer.GetProperty("applied").GetBoolean());
        Assert.Contains(sneaky[..12], answer.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var recorded = Assert.Single(await w.EventsAsync(), e => e.GetProperty("type").GetString() == "github.delivery-applied"
            && e.GetProperty("data").GetProperty("event").GetString() == "push");
        var uncovered = Assert.Single(recorded.GetProperty("data").GetProperty("details").GetProperty("uncovered").EnumerateArray());
        Assert.Equal(sneaky, uncovered.GetProperty("sha").GetString());
        Assert.Equal("mallory", recorded.GetProperty("data").GetProperty("sender").GetString());

        // Other branches are not production.
        var other = await ApiAssert.StatusAsync(await w.DeliverAsync("push", "d-other", push with { @ref = "refs/heads/main" }), HttpStatusCode.OK);
        Assert.False(other.GetProperty("applied").GetBoolean());
    }
}
