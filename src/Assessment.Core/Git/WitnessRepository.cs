using LibGit2Sharp;

namespace Assessment.Core.Git;

// A git repository that keeps signed checkpoints: one commit per checkpoint, adding the file
// checkpoints/<sequence>-<hash prefix>.json, the checkpoint's JSON also in the commit message.
// docs/evidence-format.md, "Witness repository".
internal static class WitnessRepository
{
    public const string Folder = "checkpoints";
    public const string RemoteName = "witness";

    // A clone URL or a path that is not a local working or bare repository: the server keeps a
    // local bare copy and pushes to it.
    public static bool IsRemote(string location) =>
        location.Contains("://", StringComparison.Ordinal) || location.Contains('@', StringComparison.Ordinal) && !Directory.Exists(location);

    // The local repository that receives the commits: made when missing, as a bare clone of
    // cloneFrom when one is given (so that its history continues the remote's).
    public static void EnsureLocal(string local, string? cloneFrom)
    {
        if (Repository.IsValid(local)) return;
        try
        {
            if (cloneFrom is not null)
            {
                Repository.Clone(cloneFrom, local, new CloneOptions { IsBare = true });
                return;
            }
            Directory.CreateDirectory(local);
            Repository.Init(local);
        }
        catch (LibGit2SharpException e)
        {
            throw new WitnessException(e.Message, e);
        }
    }

    // Commits the checkpoint on branch (unless this very checkpoint is there already) and pushes
    // the branch to pushTo when given. Returns the commit that holds it.
    public static string Publish(string local, string? pushTo, string branch, long sequence, string hash, DateTimeOffset at, string json)
    {
        try
        {
            return Commit(local, pushTo, branch, sequence, hash, at, json);
        }
        catch (LibGit2SharpException e)
        {
            throw new WitnessException(e.Message, e);
        }
    }

    private static string Commit(string local, string? pushTo, string branch, long sequence, string hash, DateTimeOffset at, string json)
    {
        using var repo = new Repository(local);
        var refName = "refs/heads/" + branch;
        var tip = repo.Refs[refName]?.ResolveToDirectReference()?.Target as Commit;
        var path = $"{Folder}/{sequence:D12}-{hash[..16]}.json";
        var commit = tip is not null && tip[path] is { } existing && ((Blob)existing.Target).GetContentText() == json
            ? tip
            : Commit(repo, refName, tip, path, json, sequence, hash, at);
        if (pushTo is not null)
        {
            var remote = repo.Network.Remotes[RemoteName] ?? repo.Network.Remotes.Add(RemoteName, pushTo);
            if (!string.Equals(remote.Url, pushTo, StringComparison.Ordinal)) repo.Network.Remotes.Update(RemoteName, r => r.Url = pushTo);
            string? refused = null;
            repo.Network.Push(repo.Network.Remotes[RemoteName], $"{refName}:{refName}", new PushOptions
            {
                OnPushStatusError = e => refused = $"{e.Reference}: {e.Message}",
            });
            if (refused is not null) throw new WitnessException($"the witness remote refused the push ({refused})", null);
        }
        return commit.Sha;
    }

    private static Commit Commit(Repository repo, string refName, Commit? tip, string path, string json, long sequence, string hash, DateTimeOffset at)
    {
        var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        var tree = tip is null ? new TreeDefinition() : TreeDefinition.From(tip);
        tree.Add(path, blob, Mode.NonExecutableFile);
        var author = new Signature("Assessment", "assessment@localhost", at);
        var commit = repo.ObjectDatabase.CreateCommit(author, author, $"checkpoint {sequence} {hash}\n\n{json}\n",
            repo.ObjectDatabase.CreateTree(tree), tip is null ? [] : [tip], prettifyMessage: false);
        if (tip is null) repo.Refs.Add(refName, commit.Id);
        else repo.Refs.UpdateTarget(repo.Refs[refName], commit.Id);
        // A working copy on this branch shows the new file (nothing else is ever changed in it).
        if (repo.Info.IsBare) return commit;
        if (repo.Info.IsHeadUnborn) repo.Refs.UpdateTarget("HEAD", refName);
        if (string.Equals(repo.Head.CanonicalName, refName, StringComparison.Ordinal)) repo.Reset(ResetMode.Hard, commit);
        return commit;
    }

    // Every checkpoint the repository holds, in any commit of any branch: the files of each tip
    // and the JSON of every commit message, so that a file later removed or replaced still counts.
    // A remote location is cloned into a temporary folder first.
    public static IReadOnlyList<WitnessEntry> ReadAll(string location)
    {
        var temp = IsRemote(location) || !Repository.IsValid(location) ? Path.Combine(Path.GetTempPath(), "assess-witness-" + Guid.NewGuid().ToString("N")) : null;
        try
        {
            var path = temp is null ? location : Repository.Clone(location, temp, new CloneOptions { IsBare = true });
            using var repo = new Repository(path);
            var found = new List<WitnessEntry>();
            var tips = repo.Refs.Where(r => r.IsLocalBranch || r.IsRemoteTrackingBranch || r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal)).ToList();
            foreach (var commit in repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = tips }))
            {
                var body = commit.Message.IndexOf("\n\n", StringComparison.Ordinal);
                if (body >= 0) found.Add(new WitnessEntry(commit.Sha, "commit message", commit.Message[(body + 2)..].Trim()));
            }
            foreach (var tip in tips.Select(r => r.ResolveToDirectReference()?.Target).OfType<Commit>().DistinctBy(c => c.Sha))
            {
                if (tip[Folder]?.Target is not Tree folder) continue;
                foreach (var file in folder.Where(e => e.TargetType == TreeEntryTargetType.Blob))
                {
                    found.Add(new WitnessEntry(tip.Sha, file.Path, ((Blob)file.Target).GetContentText().Trim()));
                }
            }
            return found;
        }
        catch (LibGit2SharpException e)
        {
            throw new WitnessException(e.Message, e);
        }
        finally
        {
            if (temp is not null) DeleteFolder(temp);
        }
    }

    private static void DeleteFolder(string path)
    {
        if (!Directory.Exists(path)) return;
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)) File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(path, recursive: true);
    }
}

// One checkpoint as a witness repository holds it: where it was found (a commit, and the file
// or "commit message") and its JSON text.
internal sealed record WitnessEntry(string Commit, string Source, string Json);

// The witness repository could not be read, written or pushed to (git's own message).
internal sealed class WitnessException(string message, Exception? inner) : Exception(message, inner);
