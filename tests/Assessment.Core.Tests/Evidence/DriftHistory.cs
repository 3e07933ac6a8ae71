using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.TestSupport;
using LibGit2Sharp;

namespace Assessment.Core.Tests.Evidence;

// A real repository whose production branch "release" starts at Root and is checked out, so
// Commit adds to production; and the drift check as the tests call it.
internal sealed class DriftHistory : IDisposable
{
    public DriftHistory()
    {
        Root = Commit("Initial import");
        Git.Branch("release");
        Git.Checkout("release");
    }

    public TempGitRepo Git { get; } = TempGitRepo.Create();
    public string Root { get; }

    public static Task<DriftResult> CheckAsync(ReportTestDb t, GitRepository repo, string? commit = null) =>
        CommitDrift.CheckAsync(t.Db, t.Gate, t.Audit, repo, commit, "audrey", CancellationToken.None);

    public string Commit(string message, string author = "dev", string email = "dev@example.org") =>
        Git.Commit(message, new Dictionary<string, string?> { ["log.txt"] = message + "\n" }, author, email);

    public void MoveRelease(string sha)
    {
        using var repo = new Repository(Git.Path);
        repo.Refs.UpdateTarget("refs/heads/release", sha);
    }

    // A merge commit on release with the two parents, in that order, and the first one's tree.
    public string Merge(string first, string second)
    {
        using var repo = new Repository(Git.Path);
        var signature = new Signature("dev", "dev@example.org", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var parents = new[] { repo.Lookup<LibGit2Sharp.Commit>(first), repo.Lookup<LibGit2Sharp.Commit>(second) };
        var merge = repo.ObjectDatabase.CreateCommit(signature, signature, "Merge side into release", parents[0].Tree, parents, false);
        repo.Refs.UpdateTarget("refs/heads/release", merge.Sha);
        return merge.Sha;
    }

    public void Dispose() => Git.Dispose();
}
