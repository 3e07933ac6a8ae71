using Assessment.TestSupport;

namespace Assessment.Cli.Tests;

// Tables fit the terminal they are shown in ($COLUMNS, or the window), and keep every character
// when the output goes to a pipe, where a script reads them.
public sealed class TableWidthTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public async Task A_table_is_cut_to_the_terminal_width_and_whole_in_a_pipe()
    {
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", new Dictionary<string, string?> { ["README"] = "CAcert\n" });
        git.Branch("release");
        var fix = git.Commit("Escape user names", new Dictionary<string, string?> { ["account.php"] = "<?php echo h($n);\n" });
        var repo = $"repo-{Guid.NewGuid():N}"[..16];
        await server.App.RegisterRepositoryAsync(repo, git.Path, "release");
        var alice = await server.TokenAsync($"alice-{repo}", "developer");
        var title = "Escape user names in every page of the account area, the admin area and the mails " + repo;
        (await server.AssessAsync(alice, "submit", "--repo", repo, "--title", title, "--base", "release", "--head", fix)).Exits(0);

        var narrow = (await CliRunner.RunAsync(server.Url, alice, server.Scratch,
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["COLUMNS"] = "60" }, "list")).Exits(0).Stdout;
        var lines = narrow.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 2, narrow);
        Assert.All(lines, line => Assert.True(line.Length <= 60, $"{line.Length} characters: '{line}'"));
        Assert.DoesNotContain(repo + "\n", narrow, StringComparison.Ordinal);

        var piped = (await CliRunner.RunAsync(server.Url, alice, server.Scratch,
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["COLUMNS"] = null }, "list")).Exits(0).Stdout;
        Assert.Contains(title, piped, StringComparison.Ordinal);
    }
}
