using System.Globalization;
using Assessment.Core.Evidence;
using Assessment.Core.Git;

namespace Assessment.Bench.Drift;

// (b) The drift check on a long production history, first with nothing explained yet and then
// after 10 new commits, each beside git itself counting the same commits.
internal static class DriftBench
{
    private const int NewCommits = 10;

    public static async Task RunAsync(BenchOptions o, ResultTable table, CancellationToken ct)
    {
        var n = o.Commits;
        var c = CultureInfo.InvariantCulture;
        var (cached, generated) = await History.EnsureAsync(o.CacheDirectory, n, ct);
        table.Note(generated is { } g
            ? string.Create(c, $"(b) setup: history of {n:N0} commits made with git fast-import, gc and commit-graph in {g.TotalSeconds:0.0} s (cached in bench/.cache/)")
            : string.Create(c, $"(b) setup: history of {n:N0} commits reused from bench/.cache/ (delete it to regenerate)"));

        // A fresh clone per run: the 10 new commits must not stay in the cached history.
        var work = Path.Combine(o.CacheDirectory, string.Create(c, $"drift-{n}.git"));
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        await Git.RunAsync(null, ct, "clone", "-q", "--bare", "--local", cached, work);
        await Git.RunAsync(work, ct, "commit-graph", "write", "--reachable");
        var root = await Git.RunAsync(work, ct, "rev-list", "--max-parents=0", History.Branch);
        var tip = await Git.RunAsync(work, ct, "rev-parse", History.Branch);
        var data = new DriftData(Path.Combine(o.CacheDirectory, string.Create(c, $"drift-{n}.db")));
        await data.CreateAsync(work, root, tip, ct);

        Case full = GitCount(work, ct, History.Branch), noGraph = GitCount(work, ct, History.Branch, commitGraph: false),
            first = new(async () => await data.CheckAsync(ct), () => data.SetExplainedThroughAsync(null, ct)),
            walk = Case.Of(() => LibGit2Walks.Topological(work, tip)), range = Case.Of(() => LibGit2Walks.Range(work, root, tip)),
            gitAncestor = new(async () => await Git.ExitCodeAsync(work, ct, "merge-base", "--is-ancestor", root, tip)),
            libAncestor = Case.Of(() => IsAncestor(work, root, tip));
        await Measure.RunAsync(1, o.Repetitions, full, noGraph, first, walk, range, gitAncestor, libAncestor);
        table.Add(new Row("b.git", string.Create(c, $"ceiling: git rev-list --count release ({n:N0} commits, commit-graph written)"),
            "ceiling", full.Measurement, Expect(full, n), "commits", string.Create(c, $"{n:N0} commits"), ChildProcess: true));
        table.Add(new Row("b.git-nograph", "for comparison: the same git rev-list --count without the commit-graph", "note",
            noGraph.Measurement, Expect(noGraph, n), "commits", string.Create(c, $"{n:N0} commits"), ChildProcess: true));
        table.Add(new Row("b.first", "drift, first check: CommitDrift.CheckAsync with nothing explained yet (walks everything)", "measured",
            first.Measurement, n, "commits", Expect(first, 0, n, tip), Ceiling: "b.git"));
        table.Add(new Row("b.walk", "part of it: the LibGit2Sharp walk of release alone (topological, shas and parents)", "note",
            walk.Measurement, Expect(walk, n), "commits", string.Create(c, $"{n:N0} commits"), Ceiling: "b.git"));
        table.Add(new Row("b.range", "part of it: the LibGit2Sharp walk of the patch's base..head alone (unsorted, shas)", "note",
            range.Measurement, Expect(range, n - 1), "commits", string.Create(c, $"{n - 1:N0} commits"), Ceiling: "b.git"));
        table.Add(new Row("b.git-ancestor", "for comparison: git merge-base --is-ancestor root tip", "note",
            gitAncestor.Measurement, 0, "", (int)gitAncestor.Last! == 0 ? "yes (exit 0)" : "NO", ChildProcess: true));
        table.Add(new Row("b.lib-ancestor", "for comparison: GitReader.IsAncestor root tip (libgit2 merge base, as the drift check uses)", "note",
            libAncestor.Measurement, 0, "", (bool)libAncestor.Last! ? "yes" : "NO"));

        await History.AppendAsync(work, n, NewCommits, tip, ct);
        await Git.RunAsync(work, ct, "commit-graph", "write", "--reachable");
        var newTip = await Git.RunAsync(work, ct, "rev-parse", History.Branch);
        Case fresh = GitCount(work, ct, $"{tip}..{History.Branch}"), all = GitCount(work, ct, History.Branch),
            uncovered = new(async () => await data.CheckAsync(ct), () => data.SetExplainedThroughAsync(tip, ct)),
            hidden = Case.Of(() => LibGit2Walks.Range(work, root, tip, also: tip));
        await Measure.RunAsync(1, o.Repetitions, fresh, all, uncovered, hidden);
        table.Add(new Row("b.git-new", "ceiling: git rev-list --count explained..release (the 10 new commits)", "ceiling",
            fresh.Measurement, 0, "commits", string.Create(c, $"{Expect(fresh, NewCommits)} commits"), ChildProcess: true));
        table.Add(new Row("b.git-all", string.Create(c, $"for comparison: git rev-list --count release after them ({n + NewCommits:N0})"), "note",
            all.Measurement, Expect(all, n + NewCommits), "commits", string.Create(c, $"{n + NewCommits:N0} commits"), ChildProcess: true));
        table.Add(new Row("b.uncovered", "drift after 10 new commits that no patch covers", "measured",
            uncovered.Measurement, 0, "commits", Expect(uncovered, NewCommits, NewCommits, tip), Ceiling: "b.git-new"));
        table.Add(new Row("b.hidden", "experiment: that old patch's range walked with the explained point hidden too", "experiment",
            hidden.Measurement, 0, "commits", string.Create(c, $"{Expect(hidden, 0)} commits: nothing above the explained point"), Ceiling: "b.git-new"));

        await data.AddDeployedPatchAsync(tip, newTip, ct);
        Case fresh2 = GitCount(work, ct, $"{tip}..{History.Branch}"),
            covered = new(async () => await data.CheckAsync(ct), () => data.SetExplainedThroughAsync(tip, ct));
        await Measure.RunAsync(1, o.Repetitions, fresh2, covered);
        table.Add(new Row("b.git-new2", "ceiling: the same git rev-list --count, measured again beside the next row", "ceiling",
            fresh2.Measurement, 0, "commits", string.Create(c, $"{Expect(fresh2, NewCommits)} commits"), ChildProcess: true));
        table.Add(new Row("b.covered", "drift after 10 new commits covered by a new deployed patch", "measured",
            covered.Measurement, 0, "commits", Expect(covered, 0, NewCommits, newTip), Ceiling: "b.git-new2"));
    }

    private static Case GitCount(string repository, CancellationToken ct, string revisions, bool commitGraph = true)
    {
        string[] args = commitGraph ? ["rev-list", "--count", revisions] : ["-c", "core.commitGraph=false", "rev-list", "--count", revisions];
        return new(async () => long.Parse(await Git.RunAsync(repository, ct, args), NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private static bool IsAncestor(string path, string ancestor, string descendant)
    {
        using var repo = GitReader.Open(path);
        return GitReader.IsAncestor(repo, ancestor, descendant);
    }

    private static long Expect(Case count, long expected) => (long)count.Last! is var n && n == expected
        ? n : throw new InvalidOperationException($"counted {count.Last} commits, expected {expected}");

    // A check that found other drift, walked other commits or stored another point measured something else.
    private static string Expect(Case check, int drift, int walked, string explained)
    {
        var r = (DriftResult)check.Last!;
        if (r.Commits.Count != drift || r.Walked != walked || !string.Equals(r.ExplainedThrough, explained, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"drift check: {r.Commits.Count} uncovered (expected {drift}), walked {r.Walked} (expected {walked}), explained through {r.ExplainedThrough} (expected {explained})");
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"drift found: {r.Commits.Count}; walked {r.Walked:N0}; explained through {r.ExplainedThrough?[..12]}");
    }
}
