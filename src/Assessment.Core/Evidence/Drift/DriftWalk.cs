using Assessment.Core.Git;

namespace Assessment.Core.Evidence;

internal sealed record PatchRange(string Base, string Head);

internal sealed record DriftWalkResult(IReadOnlyList<string> Uncovered, string? ExplainedThrough, int Walked);

// The git half of the drift check, with no database: which commits reachable from production
// (and not from the explained point) no patch range covers, and how far the explained point
// may move. Cost is the commits newer than the explained point plus the ranges that touch them.
internal static class DriftWalk
{
    // start must be an ancestor of production (or null for a walk of the whole history).
    public static DriftWalkResult Run(GitRepo repo, string production, string? start, IReadOnlyCollection<PatchRange> ranges)
    {
        var graph = DriftGraph.Walk(repo, production, start);
        if (graph.Order.Count == 0) return new DriftWalkResult([], start, 0);
        var walked = graph.Nodes;

        var covered = Covered(repo, ranges, graph, start);
        // The repository's first commit is where the controlled history begins: no patch range
        // can contain a commit without a parent, so the root of production's first-parent line
        // is taken as explained. Only on a whole-history walk; any other root (an unrelated
        // history merged in) is drift like any other commit.
        var baseline = start is null ? FirstParentLine(production, walked).Last() : null;

        var uncovered = new List<string>();
        foreach (var node in graph.Order)
        {
            // A merge commit that no patch range contains is drift even when all its parents
            // are covered: the merge result (conflict resolutions, evil merges) is content
            // nobody reviewed. A merge inside a patch's base..head is covered like any commit.
            node.Ok = covered.Contains(node.Sha) || string.Equals(node.Sha, baseline, StringComparison.Ordinal);
            if (!node.Ok) uncovered.Add(node.Sha);
            // A parent outside the walk is an ancestor of start, so already explained.
            node.FullyExplained = node.Ok && node.Parents.All(p => !walked.TryGetValue(p, out var n) || n.FullyExplained);
            node.ReachesStart = start is null || node.Parents.Any(p =>
                string.Equals(p, start, StringComparison.Ordinal) || (walked.TryGetValue(p, out var n) && n.ReachesStart));
        }

        // The explained point only moves forward: to a commit whose ancestry contains the old
        // point, so everything the old point excluded stays excluded.
        var explained = FirstParentLine(production, walked)
            .Select(sha => walked[sha])
            .FirstOrDefault(n => n.FullyExplained && n.ReachesStart)?.Sha ?? start;
        return new DriftWalkResult(uncovered, explained, graph.Order.Count);
    }

    // Newest first, while the line stays inside the walked commits.
    private static IEnumerable<string> FirstParentLine(string production, Dictionary<string, DriftNode> walked)
    {
        for (var sha = production; walked.TryGetValue(sha, out var node);)
        {
            yield return sha;
            if (node.Parents.Length == 0) yield break;
            sha = node.Parents[0];
        }
    }

    // Ranges with both ends in the walk are painted in memory. Ranges with one end in it are
    // read from git. The others (old patches below the explained point, heads never pushed to
    // production) only if something is still uncovered, so a check with no drift never reads
    // the ranges of old patches.
    private static HashSet<string> Covered(GitRepo repo, IReadOnlyCollection<PatchRange> ranges, DriftGraph graph, string? start)
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var walked = graph.Nodes;
        var rest = new List<PatchRange>();
        foreach (var range in ranges.Distinct())
        {
            var head = walked.ContainsKey(range.Head);
            var @base = walked.ContainsKey(range.Base);
            if (head && @base)
            {
                covered.Add(range.Head);
                graph.AddRange(range.Base, range.Head, covered);
            }
            else if (head || @base) AddRange(repo, range, covered, start);
            else rest.Add(range);
        }
        if (walked.Keys.All(covered.Contains)) return covered;
        foreach (var range in rest) AddRange(repo, range, covered, start);
        return covered;
    }

    // Commits reachable from the explained point are never part of the walk, so a range is
    // only read down to it: an old patch below the point costs nothing.
    private static void AddRange(GitRepo repo, PatchRange range, HashSet<string> covered, string? start)
    {
        // A range whose commits were removed from the repository (rewritten, collected) covers
        // nothing that is still there.
        if (!GitReader.Exists(repo, range.Head)) return;
        covered.Add(range.Head);
        if (string.Equals(range.Base, range.Head, StringComparison.Ordinal) || !GitReader.Exists(repo, range.Base)) return;
        var exclude = start is null ? new[] { range.Base } : [range.Base, start];
        foreach (var sha in CommitWalk.Reachable(repo, range.Head, exclude)) covered.Add(sha);
    }
}
