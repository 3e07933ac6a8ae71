using LibGit2Sharp;

namespace Assessment.Core.Git;

// Reads the controlled repositories. Every answer is about full 40-hex shas; anything the
// repository cannot resolve is a 422 naming the field.
internal static class GitReader
{
    public static void EnsureRepository(string path)
    {
        // IsValid, not Discover: a folder inside a repository is not one the server can open.
        if (!Directory.Exists(path) || !Repository.IsValid(path))
        {
            throw Refusal.Invalid($"path: '{path}' is not a git repository the server can read");
        }
    }

    public static Repository Open(string path)
    {
        try
        {
            return new Repository(path);
        }
        catch (RepositoryNotFoundException)
        {
            throw Refusal.Invalid($"repository path '{path}' is not a git repository the server can read");
        }
    }

    public static string Resolve(Repository repo, string commitish, string field)
    {
        if (string.IsNullOrWhiteSpace(Input.Fields.Line(commitish, field, Input.Fields.RefMax)))
        {
            throw Refusal.Malformed($"{field}: a commit is required");
        }
        try
        {
            var commit = repo.Lookup(commitish.Trim())?.Peel<Commit>();
            if (commit is not null) return commit.Sha;
        }
        catch (AmbiguousSpecificationException)
        {
            throw Refusal.Invalid($"{field}: {Input.Fields.Show(commitish)} is ambiguous in the repository; give more of the sha");
        }
        catch (LibGit2SharpException)
        {
            // Not a commit-ish here (or peels to something that is not a commit): answered below.
        }
        throw Refusal.Invalid($"{field}: {Input.Fields.Show(commitish)} is not a commit in the repository");
    }

    public static Commit CommitOf(Repository repo, string sha) =>
        repo.Lookup<Commit>(sha) ?? throw new NotFoundException($"commit {sha} is not in the repository at {repo.Info.Path}");

    public static bool IsAncestor(Repository repo, string ancestor, string descendant)
    {
        if (string.Equals(ancestor, descendant, StringComparison.Ordinal)) return true;
        var mergeBase = repo.ObjectDatabase.FindMergeBase(CommitOf(repo, ancestor), CommitOf(repo, descendant));
        return mergeBase is not null && string.Equals(mergeBase.Sha, ancestor, StringComparison.Ordinal);
    }

    public static void EnsureRange(Repository repo, string @base, string head)
    {
        if (string.Equals(@base, head, StringComparison.Ordinal))
        {
            throw Refusal.Invalid("head: the head is the base itself; a patch needs at least one commit");
        }
        if (!IsAncestor(repo, @base, head))
        {
            throw Refusal.Invalid($"head: {head[..12]} does not descend from base {@base[..12]}");
        }
    }

    public static IReadOnlyList<CommitInfo> Commits(Repository repo, string @base, string head)
    {
        var filter = new CommitFilter
        {
            IncludeReachableFrom = head,
            ExcludeReachableFrom = @base,
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
        };
        return repo.Commits.QueryBy(filter)
            .Select(c => new CommitInfo(c.Sha, c.MessageShort, c.Author.Name, c.Author.Email, c.Author.When))
            .ToList();
    }

    // The authors and committers of base..head, for the principal "commit-author".
    public static IReadOnlyList<(string Name, string Email)> Identities(Repository repo, string @base, string head)
    {
        var filter = new CommitFilter { IncludeReachableFrom = head, ExcludeReachableFrom = @base };
        return repo.Commits.QueryBy(filter)
            .SelectMany(c => new[] { (c.Author.Name, c.Author.Email), (c.Committer.Name, c.Committer.Email) })
            .Distinct()
            .ToList();
    }

    // The commits that `running` has and `commit` lacks: what deploying `commit` would drop.
    // Null when `running` is gone from the repository (a rewritten history): nothing to compare.
    public static IReadOnlyList<CommitInfo>? Dropped(Repository repo, string running, string commit)
    {
        if (repo.Lookup<Commit>(running) is null) return null;
        return IsAncestor(repo, running, commit) ? [] : Commits(repo, commit, running);
    }

    // The tip of a branch, or null when the repository has no such branch.
    public static string? BranchTip(Repository repo, string branch) => repo.Branches[branch]?.Tip?.Sha;

    public static DiffStats Stats(Repository repo, string @base, string head)
    {
        var patch = repo.Diff.Compare<PatchStats>(CommitOf(repo, @base).Tree, CommitOf(repo, head).Tree);
        return new DiffStats(patch.Count(), patch.TotalLinesAdded, patch.TotalLinesDeleted);
    }

    public static string? FirstParent(Repository repo, string sha) =>
        repo.Lookup<Commit>(sha)?.Parents.FirstOrDefault()?.Sha;
}

internal sealed record CommitInfo(string Sha, string Title, string Author, string Email, DateTimeOffset At);

internal sealed record DiffStats(int Files, int Added, int Removed);
