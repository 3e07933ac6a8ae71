using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// `assess drift --dir` compares a deployed copy with a commit's tree offline: the server named
// by ASSESS_URL does not exist here, and the answer must not need it.
public sealed class DriftTests : IDisposable
{
    private const string NoServer = "http://127.0.0.1:1";

    private readonly TempGitRepo git = TempGitRepo.Create();
    private readonly string workDirectory = TempGitRepo.NewTempFolder("cli-drift");
    private readonly string commit;

    public DriftTests()
    {
        git.Commit("Initial import", Files(("README", "CAcert web application\n"), ("index.php", "<?php\necho 'hello';\n")));
        commit = git.Commit("Add the account page", Files(("www/account.php", "<?php\necho htmlspecialchars($name);\n")));
    }

    [Fact]
    public async Task An_identical_copy_has_no_drift()
    {
        var copy = CopyWorkingTree("identical");

        var result = (await DriftAsync(copy, commit)).Exits(0);

        Assert.Equal($"no drift: {copy} matches the tree of {commit}", result.Stdout.Trim());
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task A_copy_with_a_file_added_one_changed_and_one_deleted_drifts()
    {
        var copy = CopyWorkingTree("drifted");
        File.WriteAllText(Path.Combine(copy, "www", "shell.php"), "<?php system($_GET['c']);\n");
        File.AppendAllText(Path.Combine(copy, "index.php"), "// edited on the server\n");
        File.Delete(Path.Combine(copy, "README"));

        var result = (await DriftAsync(copy, commit)).Exits(3);

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();
        Assert.Equal(
            [
                $"{copy} differs from the tree of {commit}: 1 added, 1 changed, 1 missing",
                "  added    www/shell.php",
                "  changed  index.php",
                "  missing  README",
            ],
            lines);

        // The same through --json, and with the commit named by its branch.
        var json = Parse((await DriftAsync(copy, "main", "--json")).Exits(3));
        Assert.Equal(["www/shell.php"], Strings(json, "added"));
        Assert.Equal(["index.php"], Strings(json, "changed"));
        Assert.Equal(["README"], Strings(json, "missing"));
    }

    [Fact]
    public async Task A_commit_the_repository_does_not_have_is_an_error()
    {
        var copy = CopyWorkingTree("unknown-commit");

        var result = (await DriftAsync(copy, "0123456789abcdef0123456789abcdef01234567")).Exits(1);

        Assert.StartsWith("error: 0123456789abcdef0123456789abcdef01234567 is not a commit in the repository at", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    private Task<CliResult> DriftAsync(string directory, string commitish, params string[] more) =>
        CliRunner.RunAsync(NoServer, token: null, workDirectory, [.. more, "drift", "--dir", directory, "--commit", commitish, "--repo-path", git.Path]);

    // The checkout's files as deployed: everything but .git.
    private string CopyWorkingTree(string name)
    {
        var target = Path.Combine(workDirectory, name);
        foreach (var file in Directory.EnumerateFiles(git.Path, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(git.Path, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] == ".git") continue;
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        Assert.True(File.Exists(Path.Combine(target, "www", "account.php")), "the copy lacks www/account.php");
        return target;
    }

    private static string[] Strings(System.Text.Json.JsonElement e, string name) => [.. e.Items(name).Select(x => x.GetString()!)];

    public void Dispose()
    {
        git.Dispose();
        TempGitRepo.DeleteFolder(workDirectory);
    }
}
