using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// A repository whose production history predates Assessment: the admin names the baseline at
// registration, and drift reports only what came after it.
public sealed class DriftBaselineTests
{
    [Fact]
    public async Task History_up_to_the_baseline_is_explained_and_later_commits_are_drift()
    {
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", new Dictionary<string, string?> { ["index.php"] = "v1\n" });
        var legacy = git.Commit("Years of changes before Assessment", new Dictionary<string, string?> { ["index.php"] = "v2\n" });
        git.Branch("release", legacy);
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        var registered = await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/repositories",
            new { name = "legacy", path = git.Path, productionBranch = "release", baseline = "release" }), HttpStatusCode.Created);
        Assert.Equal(legacy, registered.GetProperty("explainedThrough").GetString());

        var clean = await admin.GetFromJsonAsync<JsonElement>("/api/repositories/legacy/drift");
        Assert.Equal(0, clean.GetProperty("commits").GetArrayLength());

        var live = git.Commit("Edit on the live machine", new Dictionary<string, string?> { ["index.php"] = "v3\n" });
        using (var repo = new LibGit2Sharp.Repository(git.Path)) repo.Refs.UpdateTarget("refs/heads/release", live);
        var drift = await admin.GetFromJsonAsync<JsonElement>("/api/repositories/legacy/drift");
        var commit = Assert.Single(drift.GetProperty("commits").EnumerateArray());
        Assert.Equal(live, commit.GetProperty("sha").GetString());
    }

    [Fact]
    public async Task Without_a_baseline_the_whole_history_but_the_root_is_drift()
    {
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", new Dictionary<string, string?> { ["index.php"] = "v1\n" });
        var legacy = git.Commit("Before Assessment", new Dictionary<string, string?> { ["index.php"] = "v2\n" });
        git.Branch("release", legacy);
        using var app = new AssessmentApp();
        await app.RegisterRepositoryAsync("legacy", git.Path);
        using var admin = app.Admin;
        var drift = await admin.GetFromJsonAsync<JsonElement>("/api/repositories/legacy/drift");
        Assert.Equal(legacy, Assert.Single(drift.GetProperty("commits").EnumerateArray()).GetProperty("sha").GetString());
    }

    [Fact]
    public async Task An_unknown_baseline_is_refused_naming_the_field()
    {
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", new Dictionary<string, string?> { ["index.php"] = "v1\n" });
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/repositories",
            new { name = "legacy", path = git.Path, baseline = "no-such-ref" }), HttpStatusCode.UnprocessableEntity, "baseline");
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/repositories")).GetArrayLength());
    }
}
