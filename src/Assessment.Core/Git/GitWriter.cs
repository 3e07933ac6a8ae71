using LibGit2Sharp;

namespace Assessment.Core.Git;

// Makes a small repository with commits of its own, for the demo's controlled repository.
internal static class GitWriter
{
    public static GitRepo Init(string path)
    {
        Directory.CreateDirectory(path);
        Repository.Init(path);
        return new GitRepo(new Repository(path));
    }

    // Writes one file in the work tree and commits it with the person as author and committer.
    public static string Commit(GitRepo git, string message, string file, string content, string name, string email, DateTimeOffset when)
    {
        var repo = git.Repository;
        File.WriteAllText(Path.Combine(repo.Info.WorkingDirectory, file), content);
        Commands.Stage(repo, file);
        var signature = new Signature(name, email, when);
        return repo.Commit(message, signature, signature).Sha;
    }

    public static void Branch(GitRepo git, string name, string sha) => git.Repository.Branches.Add(name, sha);
}
