using LibGit2Sharp;

namespace Assessment.Core.Git;

internal sealed record CommitNode(string Sha, string[] Parents);

internal enum WalkOrder { Any, ChildrenFirst, NewestFirst }

// Walks over a repository's history, for the drift check and the push gate: the commits one
// commit reaches and others do not, as shas (LibGit2Sharp's commits stay here).
internal static class CommitWalk
{
    // Reachable from include and not from exclude, parents before children, with their parents.
    public static IEnumerable<CommitNode> ParentsFirst(GitRepo git, string include, string? exclude)
    {
        var filter = new CommitFilter
        {
            IncludeReachableFrom = include,
            ExcludeReachableFrom = exclude,
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
        };
        foreach (var c in git.Repository.Commits.QueryBy(filter))
        {
            yield return new CommitNode(c.Sha, c.Parents.Select(p => p.Sha).ToArray());
        }
    }

    // Reachable from include and from none of exclude.
    public static IEnumerable<string> Reachable(GitRepo git, string include, IReadOnlyCollection<string> exclude, WalkOrder order = WalkOrder.Any)
    {
        var filter = new CommitFilter
        {
            IncludeReachableFrom = include,
            ExcludeReachableFrom = exclude.Count == 0 ? null : exclude,
            SortBy = order switch
            {
                WalkOrder.ChildrenFirst => CommitSortStrategies.Topological,
                WalkOrder.NewestFirst => CommitSortStrategies.Time,
                _ => CommitSortStrategies.None,
            },
        };
        return git.Repository.Commits.QueryBy(filter).Select(c => c.Sha);
    }

    // The commit's first line, or null when the repository does not hold it.
    public static string? TitleOf(GitRepo git, string sha) => git.Repository.Lookup<Commit>(sha)?.MessageShort;
}
