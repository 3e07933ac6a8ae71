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

    public static GitRepo Open(string path)
    {
        try
        {
            return new GitRepo(new Repository(path));
        }
        catch (RepositoryNotFoundException)
        {
            throw Refusal.Invalid($"repository path '{path}' is not a git repository the server can read");
        }
    }

    // Null when there is no repository at the path (a verifier names that as its finding).
    public static GitRepo? TryOpen(string path)
    {
        try
        {
            return new GitRepo(new Repository(path));
        }
        catch (RepositoryNotFoundException)
        {
            return null;
        }
    }

    public static string Resolve(GitRepo git, string commitish, string field)
    {
        if (string.IsNullOrWhiteSpace(Input.Fields.Line(commitish, field, Input.Fields.RefMax)))
        {
            throw Refusal.Malformed($"{field}: a commit is required");
        }
        try
        {
            var commit = git.Repository.Lookup(commitish.Trim())?.Peel<Commit>();
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

    public static Commit CommitOf(GitRepo git, string sha) =>
        git.Repository.Lookup<Commit>(sha) ?? throw new NotFoundException($"commit {sha} is not in the repository at {git.Repository.Info.Path}");

    public static bool IsAncestor(GitRepo git, string ancestor, string descendant)
    {
        if (string.Equals(ancestor, descendant, StringComparison.Ordinal)) return true;
        var mergeBase = git.Repository.ObjectDatabase.FindMergeBase(CommitOf(git, ancestor), CommitOf(git, descendant));
        return mergeBase is not null && string.Equals(mergeBase.Sha, ancestor, StringComparison.Ordinal);
    }

    public static void EnsureRange(GitRepo git, string @base, string head)
    {
        if (string.Equals(@base, head, StringComparison.Ordinal))
        {
            throw Refusal.Invalid("head: the head is the base itself; a patch needs at least one commit");
        }
        if (!IsAncestor(git, @base, head))
        {
            throw Refusal.Invalid($"head: {head[..12]} does not descend from base {@base[..12]}");
        }
    }

    public static IReadOnlyList<CommitInfo> Commits(GitRepo git, string @base, string head)
    {
        var filter = new CommitFilter
        {
            IncludeReachableFrom = head,
            ExcludeReachableFrom = @base,
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
        };
        return git.Repository.Commits.QueryBy(filter)
            .Select(c => new CommitInfo(c.Sha, c.MessageShort, c.Author.Name, c.Author.Email, c.Author.When))
            .ToList();
    }

    // The authors and committers of base..head, for the principal "commit-author".
    public static IReadOnlyList<(string Name, string Email)> Identities(GitRepo git, string @base, string head)
    {
        var filter = new CommitFilter { IncludeReachableFrom = head, ExcludeReachableFrom = @base };
        return git.Repository.Commits.QueryBy(filter)
            .SelectMany(c => new[] { (c.Author.Name, c.Author.Email), (c.Committer.Name, c.Committer.Email) })
            .Distinct()
            .ToList();
    }

    // The commits that `running` has and `commit` lacks: what deploying `commit` would drop.
    // Null when `running` is gone from the repository (a rewritten history): nothing to compare.
    public static IReadOnlyList<CommitInfo>? Dropped(GitRepo git, string running, string commit)
    {
        if (git.Repository.Lookup<Commit>(running) is null) return null;
        return IsAncestor(git, running, commit) ? [] : Commits(git, commit, running);
    }

    // The tip of a branch, or null when the repository has no such branch.
    public static string? BranchTip(GitRepo git, string branch) => git.Repository.Branches[branch]?.Tip?.Sha;

    public static DiffStats Stats(GitRepo git, string @base, string head)
    {
        var patch = git.Repository.Diff.Compare<PatchStats>(CommitOf(git, @base).Tree, CommitOf(git, head).Tree);
        return new DiffStats(patch.Count(), patch.TotalLinesAdded, patch.TotalLinesDeleted);
    }

    // The commit the two have in common nearest to them; null when they share no history.
    public static string? MergeBase(GitRepo git, string a, string b) =>
        git.Repository.ObjectDatabase.FindMergeBase(CommitOf(git, a), CommitOf(git, b))?.Sha;

    public static bool Exists(GitRepo git, string sha) => git.Repository.Lookup<Commit>(sha) is not null;

    public static CommitInfo Info(GitRepo git, string sha)
    {
        var c = CommitOf(git, sha);
        return new CommitInfo(c.Sha, c.MessageShort, c.Author.Name, c.Author.Email, c.Author.When);
    }

    // Whether an exception is git's own (a repository that lost objects, a corrupt pack): the
    // callers outside Core/Git tell it from a bug without naming LibGit2Sharp.
    public static bool IsGitFailure(Exception e) => e is LibGit2SharpException;

    // Whether git failed because there is no repository at the path it was given.
    public static bool IsMissingRepository(Exception e) => e is RepositoryNotFoundException;

    // Whether git failed because an object (a commit, a tree) is no longer in the repository.
    public static bool IsMissingObject(Exception e) => e is NotFoundException;

    public static string? FirstParent(GitRepo git, string sha) =>
        git.Repository.Lookup<Commit>(sha)?.Parents.FirstOrDefault()?.Sha;
}

internal sealed record CommitInfo(string Sha, string Title, string Author, string Email, DateTimeOffset At);

internal sealed record DiffStats(int Files, int Added, int Removed);
