using System.Collections.Concurrent;
using LibGit2Sharp;

namespace Assessment.Core.Git;

// A local mirror of a remote repository, which the server reads like any controlled repository:
// branches and pull-request heads are fetched into it, forced, as the remote has them.
internal static class GitMirror
{
    public const string RemoteName = "origin";
    private static readonly string[] RefSpecs = ["+refs/heads/*:refs/heads/*", "+refs/pull/*/head:refs/pull/*/head"];
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    // Creates an empty bare repository where there is nothing yet; a folder holding anything else
    // is left alone (and then refused as not a repository).
    public static void EnsureExists(string path)
    {
        if (Directory.Exists(path) && (Repository.IsValid(path) || Directory.EnumerateFileSystemEntries(path).Any())) return;
        Directory.CreateDirectory(path);
        Repository.Init(path, isBare: true);
    }

    public static bool HasRemote(string path)
    {
        using var repo = new Repository(path);
        return repo.Network.Remotes[RemoteName] is not null;
    }

    // Fetches everything from url (the token, when given, is sent as the password GitHub expects
    // and never stored in the mirror's configuration). One fetch per mirror at a time.
    public static async Task FetchAsync(string path, string url, string? token, CancellationToken ct)
    {
        var gate = Locks.GetOrAdd(Path.GetFullPath(path), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await Task.Run(() =>
            {
                using var repo = new Repository(path);
                var remote = repo.Network.Remotes[RemoteName];
                if (remote is null) repo.Network.Remotes.Add(RemoteName, url);
                else if (!string.Equals(remote.Url, url, StringComparison.Ordinal)) repo.Network.Remotes.Update(RemoteName, r => r.Url = url);
                var options = new FetchOptions { Prune = true, TagFetchMode = TagFetchMode.None };
                if (token is not null)
                {
                    options.CredentialsProvider = (_, _, _) => new UsernamePasswordCredentials { Username = "x-access-token", Password = token };
                }
                Commands.Fetch(repo, RemoteName, RefSpecs, options, "assessment: mirror fetch");
            }, ct);
        }
        finally
        {
            gate.Release();
        }
    }
}
