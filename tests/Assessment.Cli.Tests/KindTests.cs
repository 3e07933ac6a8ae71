using Assessment.TestSupport;

namespace Assessment.Cli.Tests;

// assess names no kind of patch of its own: the kinds are the server's workflow documents, so
// a server whose emergency procedure is called urgent.md lists its urgent patches.
public sealed class KindTests
{
    [Fact]
    public async Task List_takes_the_kinds_from_the_servers_documents()
    {
        var workflows = TempGitRepo.NewTempFolder("workflows");
        foreach (var file in Directory.GetFiles(RepoRoot.Workflows, "*.md")) File.Copy(file, Path.Combine(workflows, Path.GetFileName(file)));
        File.Move(Path.Combine(workflows, "emergency.md"), Path.Combine(workflows, "urgent.md"));
        using var server = new CliServer(new Dictionary<string, string?> { ["Assessment:WorkflowDirectory"] = workflows });
        var token = await server.TokenAsync("rita", "tester");

        Assert.Equal("no patches", (await server.AssessAsync(token, "list", "--kind", "urgent")).Exits(0).Stdout.Trim());
        var refused = (await server.AssessAsync(token, "list", "--kind", "emergency")).Exits(1);
        Assert.Contains("kind: 'emergency' is not one of regular, urgent", refused.Stderr, StringComparison.Ordinal);
    }
}
