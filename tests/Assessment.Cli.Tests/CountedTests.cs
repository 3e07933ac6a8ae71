using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// assess says when a test it recorded does not count, and show prints the counts.
public sealed class CountedTests
{
    [Fact]
    public async Task A_pass_that_does_not_count_is_said_so_and_show_prints_the_counts()
    {
        using var server = new CliServer();
        using var git = Assessment.TestSupport.TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        git.Commit("Raise minimum RSA key size", Files(("policy.ini", "min_rsa_bits = 2048\n")), "alice", "alice@example.org");
        await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
        var alice = await server.TokenAsync("alice", "developer");
        var bob = await server.TokenAsync("bob", "assessor");
        var tom = await server.TokenAsync("tom", "assessor", "tester");
        var dave = await server.TokenAsync("dave", "tester");

        (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo, "--title", "RSA", "--base", "release", "--head", "main")).Exits(0);
        (await server.AssessAsync(tom, "review", "1", "--approve")).Exits(0);
        (await server.AssessAsync(bob, "review", "1", "--approve")).Exits(0);
        (await server.AssessAsync(bob, "deploy", "1", "--env", "test")).Exits(0);

        var uncounted = (await server.AssessAsync(tom, "test", "1", "--pass")).Exits(0);
        Assert.Contains("Recorded, but NOT counted: tom already counts for approvals", uncounted.Stdout, StringComparison.Ordinal);
        var counted = (await server.AssessAsync(dave, "test", "1", "--pass")).Exits(0);
        Assert.DoesNotContain("NOT counted", counted.Stdout, StringComparison.Ordinal);

        var show = (await server.AssessAsync(dave, "show", "1")).Exits(0).Stdout;
        Assert.Contains("Counts (current head):", show, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+approvals\s+2\s+2\s+(bob, tom|tom, bob)\s*$", show);
        Assert.Matches(@"(?m)^\s+passes\s+1\s+2\s+dave\s*$", show);
    }
}
