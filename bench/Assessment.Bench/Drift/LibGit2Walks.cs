using LibGit2Sharp;

namespace Assessment.Bench.Drift;

// The two libgit2 walks a first drift check makes, alone: how much of its time is the git
// library and how much is the check's own bookkeeping.
internal static class LibGit2Walks
{
    // What DriftWalk.Run reads (through Core/Git): every commit of production, topologically, with its parents.
    public static long Topological(string path, string tip)
    {
        using var repo = new Repository(path);
        var filter = new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse };
        long count = 0, parents = 0;
        foreach (var c in repo.Commits.QueryBy(filter))
        {
            parents += c.Parents.Select(p => p.Sha).ToArray().Length;
            count += c.Sha.Length > 0 ? 1 : 0;
        }
        // A linear history: one parent for every commit but the root.
        return parents == count - 1 ? count : -1;
    }

    // What DriftWalk.AddRange reads for a patch: base..head, unsorted, the shas only.
    // With 'also' hidden as well: the experiment of walking an old range only above the explained point.
    public static long Range(string path, string @base, string head, string? also = null)
    {
        using var repo = new Repository(path);
        var filter = new CommitFilter
        {
            IncludeReachableFrom = head,
            ExcludeReachableFrom = also is null ? @base : new[] { @base, also },
            SortBy = CommitSortStrategies.None,
        };
        long count = 0;
        foreach (var c in repo.Commits.QueryBy(filter)) count += c.Sha.Length > 0 ? 1 : 0;
        return count;
    }
}
