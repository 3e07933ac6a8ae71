using LibGit2Sharp;

namespace Assessment.Core.Git;

internal sealed record TreeFiles(Dictionary<string, string> Blobs, HashSet<string> Submodules);

// What a commit's tree holds, for the hand-over (its tree id) and the directory check (the
// blob id of every file).
internal static class GitTrees
{
    public static string TreeOf(string repositoryPath, string commit)
    {
        using var repo = new Repository(repositoryPath);
        var c = repo.Lookup<Commit>(commit)
            ?? throw new ArgumentException($"commit {commit} is not in the repository at {repositoryPath}", nameof(commit));
        return c.Tree.Sha;
    }

    // The tree of a commit, or null when the repository does not hold the commit.
    public static string? TreeOf(GitRepo git, string commit) => git.Repository.Lookup<Commit>(commit)?.Tree.Sha;

    // Every file of the commit's tree by path with its blob id (a symlink's blob is its target
    // path), and the paths of submodules apart.
    public static TreeFiles Files(string repositoryPath, string commitish)
    {
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        var submodules = new HashSet<string>(StringComparer.Ordinal);
        using (var repo = new Repository(repositoryPath))
        {
            var commit = Resolve(repo, commitish, repositoryPath);
            Collect(commit.Tree, "", blobs, submodules);
        }
        return new TreeFiles(blobs, submodules);
    }

    private static Commit Resolve(Repository repo, string commitish, string repositoryPath)
    {
        try
        {
            return repo.Lookup<Commit>(commitish)
                ?? throw new ArgumentException($"{commitish} is not a commit in the repository at {repositoryPath}", nameof(commitish));
        }
        catch (LibGit2SharpException e)
        {
            throw new ArgumentException($"{commitish} does not name a commit in the repository at {repositoryPath}: {e.Message}",
                nameof(commitish), e);
        }
    }

    private static void Collect(Tree tree, string prefix, Dictionary<string, string> blobs, HashSet<string> submodules)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    Collect((Tree)entry.Target, path + "/", blobs, submodules);
                    break;
                case TreeEntryTargetType.Blob:
                    blobs[path] = entry.Target.Sha;
                    break;
                case TreeEntryTargetType.GitLink:
                    submodules.Add(path);
                    break;
            }
        }
    }
}
