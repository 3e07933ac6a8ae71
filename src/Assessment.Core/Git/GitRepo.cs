using LibGit2Sharp;

namespace Assessment.Core.Git;

// An open controlled repository. Only Core/Git handles LibGit2Sharp's types; every other
// folder holds this handle and asks GitReader, DiffReader or PatchIds what it needs.
internal sealed class GitRepo(Repository repository) : IDisposable
{
    internal Repository Repository { get; } = repository;

    public void Dispose() => Repository.Dispose();

    // For the code not yet behind Git (Evidence's drift walk, the push gate), which holds
    // LibGit2Sharp's repository itself and lends it to GitReader; the lender disposes it.
    public static implicit operator GitRepo(Repository repository) => new(repository);
}
