using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Duties;

// regular.md's Rebase table: a revision with the same change on another base keeps the
// reviews (and the patch returns to where they take it); tests and test deployments go stale.
// Any other revision makes everything stale.
public sealed class RebaseTests
{
    [Fact]
    public async Task A_rebase_with_the_same_diff_keeps_the_reviews_but_not_the_tests()
    {
        using var s = await Scenario.StartAsync();
        // "Harden the OCSP responder" (Openssl..Mallory) made again on top of Revision2.
        s.Git.Branch("side", s.Revision2);
        s.Git.Checkout("side");
        var rebased = s.Git.Commit("Harden the OCSP responder", Scenario.Files(("ocsp.c", "if (len > 32) return ERR;\n")));
        var different = s.Git.Commit("Harden the OCSP responder more", Scenario.Files(("ocsp.c", "if (len > 16) return ERR;\n")));

        var id = await s.SubmitAsync(@base: s.Openssl, head: s.Mallory);
        await s.StepsAsync(id, s.Mallory, "alice", "approve", "deploy-test");
        await ApiAssert.StatusAsync(await s.TestAsync(id, "dave"), HttpStatusCode.Created);

        var kept = await ApiAssert.StatusAsync(await s.PostAsync("alice", $"/api/patches/{id}/revisions",
            new { head = rebased, @base = s.Revision2 }), HttpStatusCode.Created);
        Assert.Equal((2, s.Revision2, rebased), (kept.Int("revision"), kept.Str("base"), kept.Str("head")));
        Assert.True(kept.Items("revisions")[1].Bool("rebase"));
        Assert.All(kept.Items("reviews"), r => Assert.False(r.Bool("stale")));
        Assert.True(Assert.Single(kept.Items("tests")).Bool("stale"));
        Assert.True(Assert.Single(kept.Items("deployments")).Bool("stale"));
        Assert.Equal(("reviewed", 2, 0), (kept.Str("state"), kept.Have("approvals"), kept.Have("passes")));
        Assert.Contains("deploy-test", await s.NextActionsAsync(id, "bob"));

        // The same patch goes on from there: test deployment and tests of the new head.
        await s.StepsAsync(id, rebased, "alice", "deploy-test", "pass", "bless");
        Assert.Equal("blessed", (await s.PatchAsync(id)).Str("state"));

        // A revision that changes the code is not a rebase: every review is stale again.
        var changed = await ApiAssert.StatusAsync(await s.ReviseAsync(id, "alice", different), HttpStatusCode.Created);
        Assert.False(changed.Items("revisions")[2].Bool("rebase"));
        Assert.All(changed.Items("reviews"), r => Assert.True(r.Bool("stale")));
        Assert.Equal(("submitted", 0), (changed.Str("state"), changed.Have("approvals")));
    }

    [Fact]
    public async Task A_kept_request_for_changes_still_stands_after_a_rebase()
    {
        using var s = await Scenario.StartAsync();
        s.Git.Branch("side", s.Revision2);
        s.Git.Checkout("side");
        var rebased = s.Git.Commit("Harden the OCSP responder", Scenario.Files(("ocsp.c", "if (len > 32) return ERR;\n")));
        var id = await s.SubmitAsync(@base: s.Openssl, head: s.Mallory);
        await s.StepsAsync(id, s.Mallory, "alice", "approve", "request-changes");

        var revised = await ApiAssert.StatusAsync(await s.PostAsync("alice", $"/api/patches/{id}/revisions",
            new { head = rebased, @base = s.Revision2 }), HttpStatusCode.Created);
        Assert.True(revised.Items("revisions")[1].Bool("rebase"));
        Assert.Equal("changes-requested", revised.Str("state"));
    }
}
