using System.Net;
using System.Net.Http.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Duties;

// The insider's ways around separation of duties (issue "Separation of duties that an insider
// cannot get around"): each one reproduced, and refused because the rule looks at what the
// person did to the patch, not at the roles held today.
public sealed class HistoryPrincipalTests
{
    [Fact]
    public async Task An_assessor_who_blessed_a_patch_and_became_sysadmin_may_not_deploy_it()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Fix2), HttpStatusCode.Created);
        await s.StepsAsync(id, s.Fix2, "alice", "pass");
        await ApiAssert.StatusAsync(await s.BlessAsync(id, "bob"), HttpStatusCode.Created);

        // The role swap: allowed as a role change (the roles document's exclusivity holds)...
        await ApiAssert.StatusAsync(await s["admin"].PutAsJsonAsync("/api/users/bob/roles",
            new { roles = new[] { "sysadmin" }, motion = "m-swap" }), HttpStatusCode.OK);

        // ...but bob blessed (and reviewed) this patch, whatever he holds now.
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "bob", "production", s.Fix2), HttpStatusCode.Forbidden,
            "separation of duties", "bob", "blessed it (blesser)", "reviewed it (reviewer)", "regular.md line");
        Assert.DoesNotContain("deploy-production", await s.NextActionsAsync(id, "bob"));
        var patch = await s.PatchAsync(id);
        Assert.Equal("blessed", patch.Str("state"));
        Assert.DoesNotContain(patch.Items("deployments"), d => d.Str("kind") == "production");

        // Another sysadmin, who did nothing else to the patch, may.
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "sam", "production", s.Fix2), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_tester_who_became_sysadmin_may_not_deploy_what_he_tested()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        await ApiAssert.StatusAsync(await s["admin"].PutAsJsonAsync("/api/users/dave/roles",
            new { roles = new[] { "sysadmin" }, motion = "m-swap" }), HttpStatusCode.OK);
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "dave", "production", s.Fix2), HttpStatusCode.Forbidden,
            "tested it (tester)");
    }

    [Fact]
    public async Task An_assessor_may_not_approve_commits_he_wrote_that_a_colleague_submitted()
    {
        using var s = await Scenario.StartAsync();
        // Mallory wrote "Harden the OCSP responder"; alice submits a range that contains it.
        await s.AddUserAsync("mallory", "mallory@example.org", "assessor");
        var id = await s.SubmitAsync(@base: s.Revision2, head: s.Mallory);

        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "mallory"), HttpStatusCode.Forbidden,
            "separation of duties", "mallory", "commit-author", "regular.md line");
        Assert.Empty((await s.PatchAsync(id)).Items("reviews"));
        Assert.DoesNotContain("review", await s.NextActionsAsync(id, "mallory"));

        // Outside the range, the same person may review.
        var other = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(other, "mallory"), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Every_registered_address_is_matched_to_the_commits()
    {
        using var s = await Scenario.StartAsync();
        var created = await s.CreatedAsync("admin", "/api/users", new
        {
            name = "mal", roles = new[] { "assessor" }, motion = "m-test",
            email = "mal@work.example", emails = new[] { "mallory@example.org" },
        });
        Assert.Equal(["mal@work.example", "mallory@example.org"], created.Strings("emails"));
        using var mal = s.App.As(created.Str("token"));
        var id = await s.SubmitAsync(@base: s.Openssl, head: s.Mallory);

        await ApiAssert.ProblemAsync(await mal.PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "approve" }),
            HttpStatusCode.Forbidden, "commit-author");
        await ApiAssert.ProblemAsync(await s.PostAsync("admin", "/api/users", new
        {
            name = "bad", roles = new[] { "tester" }, motion = "m-test", emails = new[] { "not an address" },
        }), HttpStatusCode.BadRequest, "emails[0]");
    }

    [Fact]
    public async Task The_declarer_and_the_commit_author_may_not_review_an_emergency_after_the_fact()
    {
        using var s = await Scenario.StartAsync();
        await s.AddUserAsync("mallory", "mallory@example.org", "assessor");
        var id = await s.EmergencyAsync(commit: s.Mallory, @base: s.Openssl);
        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "mallory"), HttpStatusCode.Forbidden,
            "commit-author", "emergency.md line");
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_admin_may_not_grant_themself_a_duty_and_then_do_it()
    {
        using var s = await Scenario.StartAsync();
        await ApiAssert.ProblemAsync(await s["admin"].PutAsJsonAsync("/api/users/admin/roles",
            new { roles = new[] { "admin", "assessor" }, motion = "m-self" }), HttpStatusCode.Forbidden,
            "may not change their own roles");
        var id = await s.SubmitAsync();
        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "admin"), HttpStatusCode.Forbidden, "assessor");
        Assert.Equal(["admin"], (await s.GetAsync("admin", "/api/me")).Strings("roles"));
    }
}
