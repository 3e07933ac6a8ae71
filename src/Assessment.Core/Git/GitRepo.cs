using LibGit2Sharp;

namespace Assessment.Core.Git;

// An open controlled repository. Only Core/Git handles LibGit2Sharp's types; every other
// folder holds this handle and asks GitReader, CommitWalk, GitTrees, DiffReader or PatchIds
// what it needs (an architecture test keeps it so).
internal sealed class GitRepo(Repository repository) : IDisposable
{
    internal Repository Repository { get; } = repository;

    public void Dispose() => Repository.Dispose();
}
