using LibGit2Sharp;

namespace Assessment.TestSupport;

// A real git repository in a temporary folder, deleted on Dispose. The first branch is "main";
// commit times advance one minute per commit from a fixed start, so runs are reproducible.
internal sealed class TempGitRepo : IDisposable
{
    private readonly Repository _repo;
    private DateTimeOffset _nextTime = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private TempGitRepo(string path)
    {
        Path = path;
        Repository.Init(path);
        _repo = new Repository(path);
        _repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
    }

    public string Path { get; }

    public string Head => _repo.Head.Tip?.Sha ?? throw new InvalidOperationException("the repository has no commits yet");

    public static TempGitRepo Create() => new(NewTempFolder("repo"));

    // A fresh empty folder under the same temporary root, for tests that need a second place.
    public static string NewTempFolder(string purpose)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "assessment-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    // Paths use '/'; a null content deletes the file. Returns the new commit's sha.
    public string Commit(
        string message, IDictionary<string, string?> files,
        string authorName = "dev", string authorEmail = "dev@example.org", DateTimeOffset? when = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (relative, content) in files)
        {
            var full = System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
            if (content is null)
            {
                File.Delete(full);
            }
            else
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }
            Commands.Stage(_repo, relative);
        }
        var time = when ?? _nextTime;
        _nextTime = time.AddMinutes(1);
        var signature = new Signature(authorName, authorEmail, time);
        return _repo.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = true }).Sha;
    }

    // Staged for the next Commit; git stores the target path as the link's content.
    public void Symlink(string relative, string target)
    {
        File.CreateSymbolicLink(System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar)), target);
        Commands.Stage(_repo, relative);
    }

    public void Branch(string name, string? sha = null) => _repo.CreateBranch(name, sha ?? Head);

    public void Checkout(string branch) => Commands.Checkout(_repo, branch);

    public void Dispose()
    {
        _repo.Dispose();
        DeleteFolder(Path);
    }

    // Git makes its object files read-only, which stops Directory.Delete on Windows; and a
    // virus scanner or indexer may hold a file for a moment, hence the retries.
    public static void DeleteFolder(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!Directory.Exists(path)) return;
                var files = new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories);
                foreach (var file in files.Where(f => f.LinkTarget is null && f.IsReadOnly))
                {
                    file.IsReadOnly = false;
                }
                Directory.Delete(path, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
