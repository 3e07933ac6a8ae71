using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// Help, version, suggestions and completion need no server: the binary answers them itself.
public sealed class HelpAndVersionTests(CliServer server) : IClassFixture<CliServer>
{
    [Theory]
    [InlineData(new[] { "audit", "--help" }, "assess audit [command] [options]", "verify")]
    [InlineData(new[] { "help", "repo" }, "assess repo [command] [options]", "add <NAME>")]
    [InlineData(new[] { "help", "audit", "verify" }, "assess audit verify [options]", "--offline")]
    [InlineData(new[] { "review", "-h" }, "assess review <ID> [options]", "--request-changes")]
    [InlineData(new[] { "--help" }, "assess [command] [options]", "emergency")]
    [InlineData(new[] { "help" }, "assess [command] [options]", "whoami")]
    public async Task Every_verb_and_group_has_help_on_stdout_with_exit_0(string[] args, string usage, string mentions)
    {
        var result = (await server.AssessAsync(token: null, args)).Exits(0);

        Assert.Contains(usage, result.Stdout, StringComparison.Ordinal);
        Assert.Contains(mentions, result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var result = (await server.AssessAsync(token: null, "--version")).Exits(0);

        Assert.Matches(@"^\d+\.\d+\.\d+\S*\n$", result.Stdout);
    }

    [Theory]
    [InlineData(new[] { "reveiw", "1" }, "assess: unknown verb 'reveiw'; did you mean review?")]
    [InlineData(new[] { "audit", "verfy" }, "assess: unknown verb 'audit verfy' (expected one of: verify, checkpoint, report, events); did you mean verify?")]
    [InlineData(new[] { "list", "--overdeu" }, "assess: unknown option --overdeu; did you mean --overdue?")]
    public async Task A_typo_gets_a_suggestion_and_a_short_usage(string[] args, string first)
    {
        var result = (await server.AssessAsync(AssessmentApp.AdminToken, args)).Exits(2);

        var lines = result.Stderr.TrimEnd().Split('\n');
        Assert.Equal(first, lines[0]);
        Assert.True(lines.Length <= 6, $"the usage after a typo is short; {result}");
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task With_json_a_usage_error_is_a_problem_object_on_stdout()
    {
        var result = (await server.AssessAsync(AssessmentApp.AdminToken, "--json", "user", "lst")).Exits(2);

        var problem = Parse(result);
        Assert.Equal(("Usage error", 2), (problem.Str("title"), problem.Int("exitCode")));
        Assert.StartsWith("unknown verb 'user lst'", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_an_unreachable_server_is_a_problem_object_on_stdout()
    {
        var result = (await CliRunner.RunAsync("http://127.0.0.1:1", AssessmentApp.AdminToken, server.Scratch, "--json", "user", "list")).Exits(1);

        var problem = Parse(result);
        Assert.StartsWith("cannot connect to the Assessment server at http://127.0.0.1:1 ", problem.Str("detail"), StringComparison.Ordinal);
        Assert.StartsWith("error: cannot connect", result.Stderr, StringComparison.Ordinal);
    }

    // A verb option's value is read as a value, even when it looks like a global option.
    [Fact]
    public async Task A_comment_that_looks_like_an_option_is_the_comment()
    {
        var result = (await CliRunner.RunAsync("http://127.0.0.1:1", AssessmentApp.AdminToken, server.Scratch,
            "review", "1", "--approve", "--comment", "--json")).Exits(1);

        // Not JSON: --json was the comment, not the global option.
        Assert.StartsWith("error: cannot connect", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Completion_offers_verbs_options_and_choices()
    {
        Assert.Equal(["audit"], Lines(await server.AssessAsync(token: null, "[suggest:9]", "assess au")));
        Assert.Equal(["--request-changes"], Lines(await server.AssessAsync(token: null, "[suggest:20]", "assess review 1 --re")));
        // The kinds are the server's documents (KindTests): the binary offers no list of its own.
        Assert.Empty(Lines(await server.AssessAsync(token: null, "[suggest:19]", "assess list --kind ")));

        var script = (await server.AssessAsync(token: null, "completion", "bash")).Exits(0).Stdout;
        Assert.Contains("complete -o default -F _assess_complete assess", script, StringComparison.Ordinal);
        Assert.Contains("[suggest:${COMP_POINT}]", script, StringComparison.Ordinal);
    }

    private static string[] Lines(CliResult result) =>
        result.Exits(0).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
