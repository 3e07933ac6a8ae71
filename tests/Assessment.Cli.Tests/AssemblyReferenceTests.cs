namespace Assessment.Cli.Tests;

// The server and the command line ask Core/Git about repositories; neither calls LibGit2Sharp
// itself (Core's own folders are checked in Assessment.Core.Tests' ArchitectureTests). The
// compiler records an assembly reference only for an assembly whose types the code uses.
public sealed class AssemblyReferenceTests
{
    [Theory]
    [InlineData("server")]
    [InlineData("cli")]
    public void Only_core_references_LibGit2Sharp(string program)
    {
        var assembly = program == "server" ? typeof(global::Program).Assembly : typeof(Assessment.Cli.CliContext).Assembly;
        var core = typeof(Assessment.Core.Git.GitReader).Assembly;
        Assert.Contains(core.GetReferencedAssemblies(), a => a.Name == "LibGit2Sharp");
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("Assessment.Core", references);
        Assert.DoesNotContain("LibGit2Sharp", references);
    }
}
