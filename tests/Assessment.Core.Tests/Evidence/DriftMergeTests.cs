
namespace Assessment.Core.Tests.Evidence;

public sealed class DriftMergeTests : IDisposable
{
    private readonly DriftHistory _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_merge_nobody_reviewed_is_drift_even_when_both_parents_are_covered()
    {
        using var t = await ReportTestDb.CreateAsync(blessCovered: true);
        var repo = await t.RepositoryAsync(_h.Git.Path);
        var a = _h.Commit("fix on release");
        _h.Git.Branch("side", _h.Root);
        _h.Git.Checkout("side");
        var s = _h.Commit("fix on a side branch");
        _h.Git.Checkout("release");
        await t.PatchAsync(repo, "regular", "deployed", _h.Root, a);
        await t.PatchAsync(repo, "regular", "deployed", _h.Root, s);
        var merge = _h.Merge(a, s);

        var result = await DriftHistory.CheckAsync(t, repo);
        Assert.Equal([merge], result.Commits.Select(c => c.Sha));
        Assert.Equal(a, result.ExplainedThrough);

        await t.PatchAsync(repo, "regular", "blessed", a, merge);
        var covered = await DriftHistory.CheckAsync(t, repo);
        Assert.Empty(covered.Commits);
        Assert.Equal((merge, 2), (covered.ExplainedThrough, covered.Walked)); // the merge and the side commit
    }

    // R - A - B - M on release, M merging the side branch R - S1 - S2: the range A..M holds B,
    // S1, S2 and M; the range B..M leaves B out.
    [Theory]
    [InlineData("A", new string[0])]
    [InlineData("B", new[] { "B" })]
    public async Task A_range_across_a_merge_covers_the_merged_branch_and_nothing_below_its_base(string rangeBase, string[] drift)
    {
        using var t = await ReportTestDb.CreateAsync(blessCovered: true);
        var repo = await t.RepositoryAsync(_h.Git.Path);
        var c = new Dictionary<string, string>(StringComparer.Ordinal) { ["A"] = _h.Commit("A"), ["B"] = _h.Commit("B") };
        _h.Git.Branch("side", _h.Root);
        _h.Git.Checkout("side");
        c["S1"] = _h.Commit("S1");
        c["S2"] = _h.Commit("S2");
        _h.Git.Checkout("release");
        var merge = _h.Merge(c["B"], c["S2"]);
        await t.PatchAsync(repo, "regular", "deployed", _h.Root, c["A"]);
        await t.PatchAsync(repo, "regular", "blessed", c[rangeBase], merge);

        var result = await DriftHistory.CheckAsync(t, repo);

        Assert.Equal(drift.Select(label => c[label]), result.Commits.Select(x => x.Sha));
        Assert.Equal((6, drift.Length == 0 ? merge : c["A"]), (result.Walked, result.ExplainedThrough));
    }
}
