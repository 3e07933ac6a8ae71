using System.Net;
using Assessment.TestSupport;
using LibGit2Sharp;

namespace Assessment.Server.Tests.Evidence;

// The regular patch Initial..Fix2 is deployed and the production branch "release" moved to
// Fix2; then someone commits on release directly.
public sealed class DriftEndpointTests
{
    [Fact]
    public async Task A_commit_made_on_production_outside_the_process_is_reported_until_an_emergency_covers_it()
    {
        using var s = await Scenario.StartAsync();
        await s.RegularInStateAsync("deployed");
        MoveRelease(s, s.Fix2);
        s.Git.Checkout("release");
        var hotfix = s.Git.Commit("Edit the config on the live machine", Scenario.Files(("config.php", "debug = false\n")),
            "root", "root@prod.example.org", new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

        var eventsBefore = (await s.EventsAsync()).Length;
        var drift = await s.GetAsync("audrey", $"/api/repositories/{Scenario.Repo}/drift");

        Assert.Equal((Scenario.Repo, hotfix, s.Fix2), (drift.Str("repository"), drift.Str("production"), drift.Str("explainedThrough")));
        var commit = Assert.Single(drift.Items("commits"));
        Assert.Equal((hotfix, "Edit the config on the live machine", "root", "root@prod.example.org"),
            (commit.Str("sha"), commit.Str("title"), commit.Str("author"), commit.Str("email")));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), commit.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(eventsBefore, (await s.EventsAsync()).Length); // a GET writes nothing

        var recorded = await ApiAssert.StatusAsync(
            await s["audrey"].PostAsync(new Uri($"/api/repositories/{Scenario.Repo}/drift", UriKind.Relative), null), HttpStatusCode.OK);
        Assert.Equal((hotfix, s.Fix2), (Assert.Single(recorded.Items("commits")).Str("sha"), recorded.Str("explainedThrough")));
        var checkedEvent = (await s.EventsAsync()).Last();
        Assert.Equal(("drift.checked", "audrey", hotfix), (checkedEvent.Str("type"), checkedEvent.Str("actor"), checkedEvent.Str("commit")));

        await ApiAssert.StatusAsync(await s.DeclareAsync(commit: hotfix), HttpStatusCode.Created);
        var after = await s.GetAsync("audrey", $"/api/repositories/{Scenario.Repo}/drift");

        Assert.Empty(after.Items("commits"));
        Assert.Equal((hotfix, 1), (after.Str("explainedThrough"), after.Int("walked")));
    }

    [Fact]
    public async Task A_named_commit_is_checked_instead_of_the_branch()
    {
        using var s = await Scenario.StartAsync();
        await s.RegularInStateAsync("deployed");

        var atFix2 = await s.GetAsync("audrey", $"/api/repositories/{Scenario.Repo}/drift?commit={s.Fix2[..12]}");
        var atRemedy = await s.GetAsync("audrey", $"/api/repositories/{Scenario.Repo}/drift?commit={s.Remedy}");

        Assert.Equal(s.Fix2, atFix2.Str("production"));
        Assert.Empty(atFix2.Items("commits"));
        Assert.Equal([s.Revision2, s.Openssl, s.Mallory, s.Remedy], atRemedy.Items("commits").Strings("sha"));
    }

    [Fact]
    public async Task Unknown_repository_commit_or_production_branch_are_refused()
    {
        using var s = await Scenario.StartAsync();
        await s.App.RegisterRepositoryAsync("no-branch", s.Git.Path, "production");
        var audrey = s["audrey"];

        await ApiAssert.ProblemAsync(await audrey.GetAsync("/api/repositories/nope/drift"), HttpStatusCode.NotFound, "nope");
        await ApiAssert.ProblemAsync(await audrey.GetAsync($"/api/repositories/{Scenario.Repo}/drift?commit={Scenario.NoSuchCommit}"),
            HttpStatusCode.UnprocessableEntity, "commit:");
        await ApiAssert.ProblemAsync(await audrey.GetAsync("/api/repositories/no-branch/drift"),
            HttpStatusCode.UnprocessableEntity, "'production'");
    }

    private static void MoveRelease(Scenario s, string sha)
    {
        using var repo = new Repository(s.Git.Path);
        repo.Refs.UpdateTarget("refs/heads/release", sha);
    }
}
