using System.Text.Json;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// The server pages a patch's records (GET /api/patches/{id}); `show` follows the pages and
// prints the whole history, as it did before the paging.
public sealed class ShowAllPagesTests
{
    [Fact]
    public async Task Show_prints_every_record_of_a_patch_longer_than_one_page()
    {
        using var server = new CliServer();
        using var git = Assessment.TestSupport.TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        var head = git.Commit("Raise minimum RSA key size", Files(("policy.ini", "min_rsa_bits = 2048\n")), "alice", "alice@example.org");
        await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
        var alice = await server.TokenAsync("alice", "developer");
        var bob = await server.TokenAsync("bob", "assessor");
        (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo, "--title", "RSA", "--base", "release", "--head", "main")).Exits(0);
        // 250 reviews written behind the server's back: three pages of the default 100.
        Assert.Equal(250, server.App.ExecuteSql($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At")
            SELECT 1, 'bob', 'approve', '#' || i, '{head}', 1, 639000000000000000 + i FROM n
            """));

        var json = (await server.AssessAsync(bob, "show", "1", "--json")).Exits(0).Stdout;
        using var patch = JsonDocument.Parse(json);
        var comments = patch.RootElement.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("comment").GetString()).ToList();
        Assert.Equal(Enumerable.Range(1, 250).Select(i => $"#{i}"), comments);
        Assert.Equal(1, patch.RootElement.GetProperty("revisions").GetArrayLength());

        var text = (await server.AssessAsync(bob, "show", "1")).Exits(0).Stdout;
        Assert.Matches(@"(?m)\s#250\s*$", text);
    }
}
