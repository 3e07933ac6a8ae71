using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// The reviewer's day from the command line: what waits, the diff, what changed since my review, a line comment.
public sealed class QueueDiffCommentTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public async Task A_reviewer_finds_the_patch_in_the_queue_reads_the_diff_and_what_changed_since_the_review()
    {
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")));
        git.Branch("release");
        var fix = git.Commit("Escape user names", Files(("account.php", "<?php\necho htmlspecialchars($name);\n")));
        var repo = $"repo-{Guid.NewGuid():N}"[..16];
        await server.App.RegisterRepositoryAsync(repo, git.Path, "release");
        var alice = await server.TokenAsync($"alice-{repo}", "developer");
        var bob = await server.TokenAsync($"bob-{repo}", "assessor");
        var id = Parse((await server.AssessAsync(alice, "--json", "submit", "--repo", repo, "--title", "Escape user names",
            "--base", "release", "--head", fix)).Exits(0)).Int("id").ToString(System.Globalization.CultureInfo.InvariantCulture);

        var queue = (await server.AssessAsync(bob, "queue")).Exits(0).Stdout;
        Assert.Matches($@"(?m)^{id}\s+regular\s+submitted\s+review\s+\d+ (min|h|d)\s+Escape user names$", queue);
        Assert.Equal("nothing waits for you\n", (await server.AssessAsync(alice, "queue")).Exits(0).Stdout);
        Assert.Contains(Parse((await server.AssessAsync(bob, "--json", "queue")).Exits(0)).EnumerateArray(), p => p.Int("id").ToString(System.Globalization.CultureInfo.InvariantCulture) == id);

        var diff = (await server.AssessAsync(bob, "diff", id)).Exits(0).Stdout;
        Assert.Contains("diff account.php account.php  (added, +2 -0)\n@@ -0,0 +1,2 @@\n+<?php\n+echo htmlspecialchars($name);\n", diff, StringComparison.Ordinal);

        (await server.AssessAsync(bob, "review", id, "--approve")).Exits(0);
        var since = (await server.AssessAsync(bob, "diff", id, "--since-review")).Exits(0).Stdout;
        Assert.Equal("You reviewed revision 1, the current one: nothing changed since.\n", since);

        var second = git.Commit("Escape e-mail addresses too", Files(("account.php", "<?php\necho htmlspecialchars($name);\necho htmlspecialchars($email);\n")));
        (await server.AssessAsync(alice, "revise", id, "--head", second)).Exits(0);
        since = (await server.AssessAsync(bob, "diff", id, "--since-review")).Exits(0).Stdout;
        Assert.StartsWith("Changes since revision 1, which you reviewed, to revision 2:\n", since, StringComparison.Ordinal);
        Assert.Contains("+echo htmlspecialchars($email);\n", since, StringComparison.Ordinal);
        Assert.DoesNotContain("+<?php", since, StringComparison.Ordinal);

        var none = (await server.AssessAsync(alice, "diff", id, "--since-review")).Exits(1);
        Assert.Equal($"error: alice-{repo} has not reviewed patch #{id}; leave out --since-review for the whole diff", none.Stderr.Trim());
    }

    [Fact]
    public async Task A_line_comment_and_its_answer()
    {
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")));
        git.Branch("release");
        var fix = git.Commit("Escape user names", Files(("account.php", "<?php\necho htmlspecialchars($name);\n")));
        var repo = $"repo-{Guid.NewGuid():N}"[..16];
        await server.App.RegisterRepositoryAsync(repo, git.Path, "release");
        var alice = await server.TokenAsync($"alice-{repo}", "developer");
        var bob = await server.TokenAsync($"bob-{repo}", "assessor");
        var id = Parse((await server.AssessAsync(alice, "--json", "submit", "--repo", repo, "--title", "Escape user names",
            "--base", "release", "--head", fix)).Exits(0)).Int("id").ToString(System.Globalization.CultureInfo.InvariantCulture);

        var said = (await server.AssessAsync(bob, "comment", id, "--body", "Is $name ever empty?", "--path", "account.php", "--line", "2")).Exits(0);
        Assert.Matches($@"^Comment (\d+) on patch #{id} on account.php line 2 \(revision 1\)\.\n$", said.Stdout);
        var question = said.Stdout.Split(' ')[1];

        var answer = Parse((await server.AssessAsync(alice, "--json", "comment", id, "--body", "No, the form requires it.", "--reply-to", question)).Exits(0));
        Assert.Equal(("account.php", 2, int.Parse(question, System.Globalization.CultureInfo.InvariantCulture)),
            (answer.Str("path"), answer.Int("line"), answer.Int("inReplyTo")));

        var refused = Parse((await server.AssessAsync(bob, "--json", "comment", id, "--body", "x", "--path", "nope.c", "--line", "1")).Exits(1));
        Assert.Equal((422, "path: 'nope.c' is not a file the patch changes"), (refused.Int("status"), refused.Str("detail")));
        (await server.AssessAsync(bob, "comment", id, "--body", "x", "--line", "1")).Exits(2);
    }
}
