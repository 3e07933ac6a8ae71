using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class RepoAddVerb
{
    public static readonly Verb Definition = new(
        "repo add",
        "repo add NAME --path PATH [--production-branch BRANCH] [--baseline REF]",
        """
        Register a controlled git repository (admin). PATH is a repository on the server's
        machine that the server can read; the production branch is where drift is looked for.
        --baseline names the commit production ran before Assessment took over: its history
        counts as explained, and drift reports only what comes after it.
        """,
        ["path", "production-branch", "baseline"],
        [],
        RunAsync);

    private sealed record Request(string Name, string Path, string? ProductionBranch, string? Baseline);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var name = args.ExpectPositionals("NAME")[0];
        var request = new Request(name, args.Required("path"), args.Value("production-branch"), args.Value("baseline"));
        var response = await context.Api.PostAsync("api/repositories", request, cancellationToken);
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var repository = response.JsonOrDefault();
        var branch = repository.Str("productionBranch") ?? request.ProductionBranch;
        context.Out.WriteLine($"Added repository {name} ({request.Path})" + (branch is null ? "." : $", production branch {branch}."));
        return ExitCodes.Ok;
    }
}
