using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Duties;

// Production only moves forward: a deployment that would drop what production runs is refused;
// an emergency that does so is recorded and marked as a rollback.
public sealed class ProductionForwardTests
{
    [Fact]
    public async Task A_patch_whose_head_lacks_what_production_runs_is_refused_naming_the_dropped_commits()
    {
        using var s = await Scenario.StartAsync();
        // A (Initial..Fix2) reaches production; B (Initial..Fix1) started from the same base.
        var a = await s.RegularInStateAsync("deployed");
        var b = await s.SubmitAsync(head: s.Fix1);
        await s.StepsAsync(b, s.Fix1, "alice", "approve", "deploy-test", "pass", "bless");

        var detail = await ApiAssert.ProblemAsync(await s.DeployAsync(b, "sam", "production", s.Fix1), HttpStatusCode.Conflict,
            s.Fix2[..12], "would drop", "revise", "current production commit");
        Assert.DoesNotContain(s.Fix1[..12] + " (", detail, StringComparison.Ordinal);
        var patch = await s.PatchAsync(b);
        Assert.Equal("blessed", patch.Str("state"));
        Assert.DoesNotContain(patch.Items("deployments"), d => d.Str("kind") == "production");
        Assert.Equal("deployed", (await s.PatchAsync(a)).Str("state"));

        // Revised onto what production runs (same change, new base), it goes through again.
        var revised = await ApiAssert.StatusAsync(await s.PostAsync("alice", $"/api/patches/{b}/revisions",
            new { head = s.Revision2, @base = s.Fix2 }), HttpStatusCode.Created);
        Assert.Equal((s.Fix2, s.Revision2), (revised.Str("base"), revised.Str("head")));
        await s.StepsAsync(b, s.Revision2, "alice", "approve", "deploy-test", "pass", "bless", "deploy-production");
    }

    // The rule is the document's: a regular.md whose production row does not require forward
    // lets the same deployment through.
    [Fact]
    public async Task Without_forward_in_the_requests_table_the_deployment_may_drop_commits()
    {
        var workflows = TempGitRepo.NewTempFolder("no-forward");
        foreach (var file in Directory.GetFiles(RepoRoot.Workflows, "*.md"))
            File.Copy(file, Path.Combine(workflows, Path.GetFileName(file)));
        var regular = Path.Combine(workflows, "regular.md");
        var text = File.ReadAllText(regular);
        Assert.Contains("| distinct-witness, forward |", text, StringComparison.Ordinal);
        File.WriteAllText(regular, text.Replace("| distinct-witness, forward |", "| distinct-witness |", StringComparison.Ordinal));

        using var s = await Scenario.StartAsync(workflows);
        await s.RegularInStateAsync("deployed");
        var b = await s.SubmitAsync(head: s.Fix1);
        await s.StepsAsync(b, s.Fix1, "alice", "approve", "deploy-test", "pass", "bless");
        await ApiAssert.StatusAsync(await s.DeployAsync(b, "sam", "production", s.Fix1), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Before_the_first_deployment_production_runs_the_production_branch()
    {
        using var s = await Scenario.StartAsync();
        s.Git.Branch("release-2", s.Fix2);
        await s.App.RegisterRepositoryAsync("ahead", s.Git.Path, productionBranch: "release-2");
        var created = await s.CreatedAsync("alice", "/api/patches", new
        {
            repository = "ahead", title = "From an old base", @base = s.Initial, head = s.Fix1,
        });
        var id = created.Int("id");
        await s.StepsAsync(id, s.Fix1, "alice", "approve", "deploy-test", "pass", "bless");
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "sam", "production", s.Fix1), HttpStatusCode.Conflict, s.Fix2[..12]);
    }

    [Fact]
    public async Task An_emergency_that_rolls_production_back_is_recorded_and_marked()
    {
        using var s = await Scenario.StartAsync();
        await s.RegularInStateAsync("deployed"); // production runs Fix2
        var rollback = await ApiAssert.StatusAsync(await s.DeclareAsync(commit: s.Fix1, @base: s.Initial), HttpStatusCode.Created);
        Assert.True(Assert.Single(rollback.Items("deployments")).Bool("rollback"));

        var forward = await ApiAssert.StatusAsync(await s.DeclareAsync(commit: s.Openssl, @base: s.Revision2), HttpStatusCode.Created);
        Assert.False(Assert.Single(forward.Items("deployments")).Bool("rollback"));

        var declared = (await s.EventsAsync(rollback.Int("id"))).Single(e => e.Str("type") == "emergency.declared");
        Assert.True(declared.GetProperty("data").GetProperty("rollback").GetBoolean());

        // The report to the board says so too.
        var report = await s.GetAsync("audrey", "/api/audit/report?from=2000-01-01&to=2100-01-01&format=json");
        var byPatch = report.Items("deployments").ToDictionary(d => d.Int("patch"), d => d.Bool("rollback"));
        Assert.True(byPatch[rollback.Int("id")]);
        Assert.False(byPatch[forward.Int("id")]);
        var md = await (await s["audrey"].GetAsync("/api/audit/report?from=2000-01-01&to=2100-01-01")).Content.ReadAsStringAsync();
        Assert.Contains("**rollback**", md, StringComparison.Ordinal);
    }
}
