using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// A refused request leaves no trace: the audit log and the patch are exactly as before.
public sealed class NoChangeOnRefusalTests
{
    public static TheoryData<string, string, HttpStatusCode> Refusals => new()
    {
        // patch state, refusal, status
        { "submitted", "author-approves", HttpStatusCode.Forbidden },
        { "submitted", "developer-reviews", HttpStatusCode.Forbidden },
        { "submitted", "bad-verdict", HttpStatusCode.BadRequest },
        { "submitted", "review-of-unknown-commit", HttpStatusCode.UnprocessableEntity },
        { "submitted", "revise-to-same-head", HttpStatusCode.Conflict },
        { "submitted", "stranger-withdraws", HttpStatusCode.Forbidden },
        { "reviewed", "test-deploy-of-old-commit", HttpStatusCode.Conflict },
        { "reviewed", "production-before-blessing", HttpStatusCode.Conflict },
        { "on-test", "bless-before-tested", HttpStatusCode.Conflict },
        { "on-test", "assessor-tests", HttpStatusCode.Forbidden },
        { "blessed", "production-of-other-commit", HttpStatusCode.Conflict },
        { "blessed", "assessor-deploys-production", HttpStatusCode.Forbidden },
        { "deployed", "second-production-deploy", HttpStatusCode.Conflict },
        { "withdrawn", "review-after-withdrawal", HttpStatusCode.Conflict },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_request_changes_nothing(string state, string refusal, HttpStatusCode status)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync(state, author: refusal == "author-approves" ? "ada" : "alice");
        s.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var (events, patch, listed) = await SnapshotAsync(s, id);

        var response = refusal switch
        {
            "author-approves" => await s.ReviewAsync(id, "ada"),
            "developer-reviews" => await s.ReviewAsync(id, "frank"),
            "bad-verdict" => await s.ReviewAsync(id, "bob", "maybe"),
            "review-of-unknown-commit" => await s.ReviewAsync(id, "bob", commit: Scenario.NoSuchCommit),
            "revise-to-same-head" => await s.ReviseAsync(id, "alice", s.Fix2),
            "stranger-withdraws" => await s.WithdrawAsync(id, "frank"),
            "test-deploy-of-old-commit" => await s.DeployAsync(id, "bob", "test", s.Fix1),
            "production-before-blessing" => await s.DeployAsync(id, "sam", "production", s.Fix2),
            "bless-before-tested" => await s.BlessAsync(id, "carol"),
            "assessor-tests" => await s.TestAsync(id, "oscar"),
            "production-of-other-commit" => await s.DeployAsync(id, "sam", "production", s.Revision2),
            "assessor-deploys-production" => await s.DeployAsync(id, "bob", "production", s.Fix2),
            "second-production-deploy" => await s.DeployAsync(id, "sid", "production", s.Fix2),
            "review-after-withdrawal" => await s.ReviewAsync(id, "bob"),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
        };
        await ApiAssert.ProblemAsync(response, status);

        var (eventsAfter, patchAfter, listedAfter) = await SnapshotAsync(s, id);
        Assert.Equal(events, eventsAfter);
        Assert.Equal(patch, patchAfter);
        Assert.Equal(listed, listedAfter);
        var verify = await s.GetAsync("audrey", "/api/audit/verify");
        Assert.True(verify.Bool("ok"), verify.ToString());
    }

    private static async Task<(int Events, string Patch, string Listed)> SnapshotAsync(Scenario s, int id) =>
        ((await s.EventsAsync()).Length, (await s.PatchAsync(id, "audrey")).ToString(), (await s.GetAsync("audrey", "/api/patches")).ToString());
}
