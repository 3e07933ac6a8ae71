using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests.GitHub;

// assess repo add --github and assess submit --github-pr against a GitHub stand-in on loopback.
public sealed class GitHubSubmitTests
{
    [Fact]
    public async Task A_pull_request_is_submitted_by_number_and_its_commits_come_from_the_mirror()
    {
        using var origin = TempGitRepo.Create();
        var initial = origin.Commit("Initial import", Files(("README", "x\n")));
        origin.Branch("release");
        var fix = origin.Commit("Raise minimum RSA key size", Files(("policy.ini", "min_rsa_bits = 2048\n")));
        await using var github = await FakeGitHub.StartAsync("cacert/cacert-devel", origin.Path);
        github.OpenPullRequest(new FakeGitHub.PullRequest(12, "Raise minimum RSA key size", "Motion m20140731.1.", "release", initial, fix, "octo-alice"));
        using var server = new CliServer(new Dictionary<string, string?>
        {
            ["Assessment:GitHub:ApiUrl"] = github.Address.ToString(),
            ["Assessment:GitHub:Logins:octo-alice"] = "alice",
        });
        var added = (await server.AssessAsync(AssessmentApp.AdminToken, "repo", "add", CliServer.Repo, "--github", "cacert/cacert-devel",
            "--production-branch", "release")).Exits(0);
        Assert.Contains(server.App.DataDirectory, added.Stdout, StringComparison.Ordinal); // the mirror lives with the data
        await server.TokenAsync("alice", "developer");
        var ci = await server.TokenAsync("ci", "developer");

        var refused = await server.AssessAsync(ci, "submit", "--repo", CliServer.Repo, "--github-pr", "12", "--base", "release");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--github-pr", refused.Stderr, StringComparison.Ordinal);

        var patch = Parse((await server.AssessAsync(ci, "--json", "submit", "--repo", CliServer.Repo, "--github-pr", "12")).Exits(0));
        Assert.Equal(("Raise minimum RSA key size", "Motion m20140731.1.", initial, fix, "alice"),
            (patch.Str("title"), patch.Str("description"), patch.Str("base"), patch.Str("head"), patch.Str("author")));
        Assert.Equal(12, patch.GetProperty("gitHub").Int("pullRequest"));
        Assert.Single(github.Requests, r => r.Path == "/api/v3/repos/cacert/cacert-devel/pulls/12");
        var shown = (await server.AssessAsync(ci, "show", "1")).Exits(0).Stdout;
        Assert.Contains("cacert/cacert-devel#12 https://github.example.org/cacert/cacert-devel/pull/12", shown, StringComparison.Ordinal);
        Assert.Contains("github status", shown, StringComparison.Ordinal);
        Assert.Contains("pending: submitted: 0 of 2 approvals, 0 of 2 passes", shown, StringComparison.Ordinal);
    }
}
