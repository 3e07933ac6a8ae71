using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class RepoListVerb
{
    public static readonly Verb Definition = new("repo list", "repo list", "List the controlled repositories.", [], [], RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        var response = await context.Api.GetAsync("api/repositories", cancellationToken);
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var table = new Table("NAME", "PRODUCTION BRANCH", "PATH");
        foreach (var repository in response.Json.List("repositories"))
            table.Add(repository.Str("name"), repository.Str("productionBranch"), repository.Str("path"));
        table.Write(context.Out);
        return ExitCodes.Ok;
    }
}
