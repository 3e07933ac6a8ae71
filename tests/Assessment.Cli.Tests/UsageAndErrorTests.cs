using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// How assess fails: usage errors exit 2 before any request; refusals and unreachable servers
// exit 1 with the reason on stderr, and stdout stays clean for --json consumers.
public sealed class UsageAndErrorTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public void The_fixture_reports_the_Kestrel_address()
    {
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", server.Url);
        Assert.Equal(new Uri(server.Url + "/"), server.App.BaseAddress);
    }

    [Fact]
    public async Task An_unknown_verb_is_a_usage_error()
    {
        var result = (await server.AssessAsync(AssessmentApp.AdminToken, "frobnicate")).Exits(2);

        Assert.StartsWith("assess: unknown verb 'frobnicate'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("usage: assess [--json]", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        var result = (await server.AssessAsync(AssessmentApp.AdminToken,
            "submit", "--repo", CliServer.Repo, "--title", "Escape user names", "--base", "release")).Exits(2);

        Assert.StartsWith("assess: --head is required", result.Stderr, StringComparison.Ordinal);
        // --title, --base and --head are required unless --github-pr names the pull request they come from.
        Assert.Contains("usage: assess submit --repo NAME [--title TITLE]", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("[--base REF] [--head REF]", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("[--github-pr N]", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData(new[] { "list", "--colour" }, "assess: unknown option --colour")]
    [InlineData(new[] { "review", "1" }, "assess: give exactly one of --approve, --request-changes")]
    [InlineData(new[] { "show", "seven" }, "assess: patch id must be a positive number, not 'seven'")]
    [InlineData(new[] { "audit" }, "assess: 'audit' needs one of: verify, checkpoint, report, events")]
    public async Task Other_command_line_mistakes_are_usage_errors(string[] args, string message)
    {
        var result = (await server.AssessAsync(AssessmentApp.AdminToken, args)).Exits(2);

        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_named()
    {
        var result = (await CliRunner.RunAsync("http://127.0.0.1:1", AssessmentApp.AdminToken, server.Scratch, "list")).Exits(1);

        Assert.StartsWith("error: cannot connect to the Assessment server at http://127.0.0.1:1 ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task With_json_a_refusal_prints_the_servers_problem_object_and_the_detail_on_stderr()
    {
        var result = (await server.AssessAsync(AssessmentApp.AdminToken, "--json", "show", "999")).Exits(1);

        Assert.Equal("error: patch 999 does not exist", result.Stderr.Trim());
        var problem = Parse(result);
        Assert.Equal((404, "patch 999 does not exist"), (problem.Int("status"), problem.Str("detail")));
    }

    [Fact]
    public async Task Without_a_token_the_message_says_how_to_give_one()
    {
        var result = (await server.AssessAsync(token: null, "list")).Exits(1);

        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(no token: set ASSESS_TOKEN or pass --token)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assessor_and_sysadmin_are_refused_together_as_separation_of_duties()
    {
        var result = (await server.AssessAsync(AssessmentApp.AdminToken,
            "user", "add", "eve", "--roles", "assessor,sysadmin", "--motion", "m20100117.3", "--token-only")).Exits(1);

        // The line of the assessor's row in the roles document, wherever the document puts it.
        var line = Array.FindIndex(File.ReadAllLines(Path.Combine(RepoRoot.Workflows, "roles.md")),
            l => l.StartsWith("| assessor |", StringComparison.Ordinal)) + 1;
        Assert.Equal($"error: separation of duties: the roles assessor and sysadmin are exclusive; one person may not hold both (roles.md line {line})", result.Stderr.Trim());
        Assert.Equal("", result.Stdout);
    }

    // An author who is also an assessor meets the separation-of-duties rule itself, and a branch
    // that exists only in the author's clone resolves there, before the request is sent.
    [Fact]
    public async Task A_local_branch_resolves_in_the_clone_and_the_author_may_not_approve_it()
    {
        using var git = NewHistory(out var fix);
        var repo = await RegisterAsync(git);
        var ada = await server.TokenAsync($"ada-{repo}", "developer", "assessor");
        var clone = TempGitRepo.NewTempFolder("cli-clone");
        try
        {
            LibGit2Sharp.Repository.Clone(git.Path, clone);
            using (var repository = new LibGit2Sharp.Repository(clone)) repository.Branches.Add("ada/escape-names", fix);

            // Outside the clone the branch means nothing to the server.
            var elsewhere = (await server.AssessAsync(ada, "submit", "--repo", repo, "--title", "Escape user names",
                "--base", "release", "--head", "ada/escape-names")).Exits(1);
            Assert.Equal("error: head: 'ada/escape-names' is not a commit in the repository", elsewhere.Stderr.Trim());

            // Non-ASCII text survives the command line, the server and the terminal both ways.
            const string title = "Échapper les noms – clés ≥ 2048 bits";
            var submitted = Parse((await server.AssessInAsync(clone, ada, "--json", "submit", "--repo", repo,
                "--title", title, "--base", "release", "--head", "ada/escape-names")).Exits(0));
            Assert.Equal((fix, title), (submitted.Str("head"), submitted.Str("title")));
            var id = submitted.Int("id").ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith($"Patch #{id}  {title}\n", (await server.AssessAsync(ada, "show", id)).Exits(0).Stdout, StringComparison.Ordinal);

            var own = (await server.AssessAsync(ada, "review", id, "--approve")).Exits(1);
            Assert.StartsWith("error: separation of duties: ", own.Stderr, StringComparison.Ordinal);
            Assert.Contains($"may not approve patch {id}: ", own.Stderr, StringComparison.Ordinal);
            Assert.Contains("submitted it (author); regular.md line ", own.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            TempGitRepo.DeleteFolder(clone);
        }
    }

    // A new revision makes earlier reviews stale; a review naming the old head is refused and not recorded.
    [Fact]
    public async Task A_review_of_a_commit_that_is_no_longer_the_head_is_refused()
    {
        using var git = NewHistory(out var fix);
        var repo = await RegisterAsync(git);
        var author = await server.TokenAsync($"alice-{repo}", "developer");
        var assessor = await server.TokenAsync($"bob-{repo}", "assessor");
        var submitted = Parse((await server.AssessInAsync(git.Path, author, "--json", "submit", "--repo", repo,
            "--title", "Escape user names", "--base", "release", "--head", "main")).Exits(0));
        var id = submitted.Int("id").ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await server.AssessAsync(assessor, "review", id, "--approve")).Exits(0);

        var second = git.Commit("Escape e-mail addresses too", Files(("account.php", "<?php echo htmlspecialchars($email);\n")));
        var revised = (await server.AssessInAsync(git.Path, author, "revise", id, "--head", "main")).Exits(0);
        Assert.Contains("submitted (regular, revision 2)", revised.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  \S+\s+approve \(stale\)\s+" + fix[..12], revised.Stdout);

        var late = (await server.AssessInAsync(git.Path, assessor, "review", id, "--approve", "--commit", "HEAD~1")).Exits(1);
        var lines = late.Stderr.Trim().Split('\n');
        Assert.Equal($"note: 'HEAD~1' is {fix} in the checkout at {Path.GetFullPath(Path.Combine(git.Path, ".git"))}/", lines[0].Trim());
        Assert.Equal($"error: commit: {fix[..12]} is no longer the head of patch {id} (revision 2 is {second[..12]}); nothing was recorded", lines[^1].Trim());
        var patch = Parse((await server.AssessAsync(assessor, "--json", "show", id)).Exits(0));
        var review = Assert.Single(patch.Items("reviews"));
        Assert.Equal((fix, true), (review.Str("commit"), review.Bool("stale")));
        Assert.Equal(("submitted", 2, second), (patch.Str("state"), patch.Int("revision"), patch.Str("head")));
    }

    private static TempGitRepo NewHistory(out string fix)
    {
        var git = TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")));
        git.Branch("release");
        fix = git.Commit("Escape user names", Files(("account.php", "<?php echo htmlspecialchars($name);\n")));
        return git;
    }

    // Tests share this server, so each registers its own repository and people under a fresh name.
    private async Task<string> RegisterAsync(TempGitRepo git)
    {
        var name = $"repo-{Guid.NewGuid():N}"[..16];
        await server.App.RegisterRepositoryAsync(name, git.Path, "release");
        return name;
    }
}
