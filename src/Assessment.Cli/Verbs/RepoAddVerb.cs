using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class RepoAddVerb
{
    private sealed record Request(string Name, string? Path, string? ProductionBranch, string? Baseline, string? GitHub);

    public static Command Create()
    {
        var name = Verb.Text("NAME", "the repository's name in Assessment");
        var path = Verb.Value("--path", "PATH", "the git repository, on the server's machine (with --github: where to keep its mirror)");
        var branch = Verb.Value("--production-branch", "BRANCH", "where drift is looked for");
        var baseline = Verb.Value("--baseline", "REF", "what production ran before Assessment took over");
        var github = Verb.Value("--github", "OWNER/NAME", "the repository's counterpart on GitHub");
        return Verb.Create("add", """
            Register a controlled git repository (admin). PATH is a repository on the server's
            machine that the server can read; the production branch is where drift is looked for.
            --baseline names the commit production ran before Assessment took over: its history
            counts as explained, and drift reports only what comes after it.
            --github names the repository on GitHub whose pull requests may be submitted as
            patches and which gets the patches' commit statuses; the server then keeps a mirror of
            it (at PATH, or under its data directory) and fetches before it resolves commits.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var request = new Request(parse.GetValue(name)!, parse.GetValue(github) is null ? Verb.Required(parse, path) : parse.GetValue(path),
                    parse.GetValue(branch), parse.GetValue(baseline), parse.GetValue(github));
                var response = await context.Api.PostAsync("api/repositories", request, cancellationToken);
                if (context.Json)
                {
                    context.WriteRaw(response);
                    return ExitCodes.Ok;
                }
                var repository = response.JsonOrDefault();
                var production = repository.Str("productionBranch") ?? request.ProductionBranch;
                context.Out.WriteLine($"Added repository {request.Name} ({repository.Str("path") ?? request.Path})" + (production is null ? "." : $", production branch {production}."));
                return ExitCodes.Ok;
            }),
            name, path, branch, baseline, github);
    }
}
