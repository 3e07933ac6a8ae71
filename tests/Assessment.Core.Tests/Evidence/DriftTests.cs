using Assessment.Core.Data;
using Assessment.Core.Evidence;

namespace Assessment.Core.Tests.Evidence;

// History: Root, then commits on "release" (the production branch), made by each test.
public sealed class DriftTests : IDisposable
{
    private readonly DriftHistory _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task An_unreviewed_commit_pushed_straight_to_production_is_drift()
    {
        using var t = await ReportTestDb.CreateAsync(blessCovered: true);
        var repo = await t.RepositoryAsync(_h.Git.Path);
        Commit("Escape user names");
        var fix = Commit("Escape e-mail addresses");
        await t.PatchAsync(repo, "regular", "deployed", _h.Root, fix);
        var live = Commit("edited on the live machine", "root", "root@prod.example.org");

        var result = await CheckAsync(t, repo);

        var drift = Assert.Single(result.Commits);
        Assert.Equal((live, "edited on the live machine", "root", "root@prod.example.org"), (drift.Sha, drift.Title, drift.Author, drift.Email));
        Assert.Equal((live, fix, 4), (result.Production, result.ExplainedThrough, result.Walked));
        var e = Assert.Single(await t.EventsAsync("drift.checked"));
        Assert.Equal(("audrey", live), (e.Actor, e.Commit));
        Assert.Contains($"\"explainedThrough\":\"{fix}\"", e.Data, StringComparison.Ordinal);
        Assert.Contains("\"uncovered\":1", e.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blessed_deployed_and_emergency_patches_cover_their_commits_submitted_ones_do_not()
    {
        using var t = await ReportTestDb.CreateAsync(blessCovered: true);
        var repo = await t.RepositoryAsync(_h.Git.Path);
        var a = Commit("regular, deployed");
        var b = Commit("regular, blessed");
        var e = Commit("emergency, not yet reviewed");
        var s = Commit("regular, only submitted");
        await t.PatchAsync(repo, "regular", "deployed", _h.Root, a);
        await t.PatchAsync(repo, "regular", "blessed", a, b);
        await t.PatchAsync(repo, "emergency", "awaiting-review", b, e);
        var submitted = await t.PatchAsync(repo, "regular", "submitted", e, s);

        var first = await CheckAsync(t, repo);
        Assert.Equal([s], first.Commits.Select(c => c.Sha));
        Assert.Equal(e, first.ExplainedThrough);

        await t.SetStateAsync(submitted, "blessed");
        var second = await CheckAsync(t, repo);
        Assert.Empty(second.Commits);
        Assert.Equal((s, 1), (second.ExplainedThrough, second.Walked));
    }

    [Fact]
    public async Task A_second_check_walks_only_the_commits_since_the_explained_point()
    {
        using var t = await ReportTestDb.CreateAsync(blessCovered: true);
        var repo = await t.RepositoryAsync(_h.Git.Path);
        var a = Commit("first fix");
        await t.PatchAsync(repo, "regular", "deployed", _h.Root, a);
        Assert.Equal((2, a), Walk(await CheckAsync(t, repo)));

        for (var i = 0; i < 20; i++) Commit($"old work {i}");
        var old = _h.Git.Head;
        await t.PatchAsync(repo, "regular", "deployed", a, old);
        Assert.Equal((20, old), Walk(await CheckAsync(t, repo)));

        Commit("new work");
        var c = Commit("more new work");
        await t.PatchAsync(repo, "regular", "blessed", old, c);
        var third = await CheckAsync(t, repo);
        Assert.Empty(third.Commits);
        Assert.Equal((2, c), Walk(third));

        var idle = await CheckAsync(t, repo);
        Assert.Equal((0, c), Walk(idle));
        Assert.Equal(3, (await t.EventsAsync("drift.checked")).Count); // the idle check moved nothing, wrote nothing
    }

    [Fact]
    public async Task Rewritten_history_falls_back_to_a_full_walk()
    {
        using var t = await ReportTestDb.CreateAsync(blessCovered: true);
        var repo = await t.RepositoryAsync(_h.Git.Path);
        var a = Commit("fix");
        var b = Commit("second fix");
        await t.PatchAsync(repo, "regular", "deployed", _h.Root, b);
        Assert.Equal(b, (await CheckAsync(t, repo)).ExplainedThrough);

        _h.MoveRelease(a);
        var forced = Commit("force-pushed over the second fix");
        var result = await CheckAsync(t, repo);

        Assert.Equal([forced], result.Commits.Select(c => c.Sha));
        Assert.Equal((3, a), (result.Walked, result.ExplainedThrough));
    }

    [Fact]
    public async Task Checking_an_older_commit_never_moves_the_explained_point_back()
    {
        using var t = await ReportTestDb.CreateAsync(blessCovered: true);
        var repo = await t.RepositoryAsync(_h.Git.Path);
        var a = Commit("fix");
        var b = Commit("second fix");
        await t.PatchAsync(repo, "regular", "deployed", _h.Root, b);
        await CheckAsync(t, repo);

        var older = await CheckAsync(t, repo, a[..10]);

        Assert.Equal((a, 2), (older.Production, older.Walked));
        Assert.Equal(b, older.ExplainedThrough);
        Assert.Equal(b, repo.ExplainedThrough);
    }

    [Fact]
    public async Task An_unknown_commit_or_a_missing_production_branch_is_unusable()
    {
        using var t = await ReportTestDb.CreateAsync(blessCovered: true);
        var repo = await t.RepositoryAsync(_h.Git.Path);
        var noBranch = await t.RepositoryAsync(_h.Git.Path, "other", "production");

        var unknown = await Assert.ThrowsAsync<Refusal>(() => CheckAsync(t, repo, "0123456789abcdef0123456789abcdef01234567"));
        var missing = await Assert.ThrowsAsync<Refusal>(() => CheckAsync(t, noBranch));

        Assert.Equal((RefusalKind.Invalid, RefusalKind.Invalid), (unknown.Kind, missing.Kind));
        Assert.StartsWith("commit:", unknown.Detail, StringComparison.Ordinal);
        Assert.Contains("'production'", missing.Detail, StringComparison.Ordinal);
    }

    private static (int, string?) Walk(DriftResult r) => (r.Walked, r.ExplainedThrough);

    private static Task<DriftResult> CheckAsync(ReportTestDb t, GitRepository repo, string? commit = null) =>
        DriftHistory.CheckAsync(t, repo, commit);

    private string Commit(string message, string author = "dev", string email = "dev@example.org") => _h.Commit(message, author, email);
}
