using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class RepoListVerb
{
    public static Command Create() =>
        Verb.Create("list", "List the controlled repositories.", new VerbAction((context, _, cancellationToken) => RunAsync(context, cancellationToken)));

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        var response = await context.Api.GetAsync("api/repositories", cancellationToken);
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var table = new Table("NAME", "PRODUCTION BRANCH", "PATH");
        foreach (var repository in response.Json.List("repositories"))
            table.Add(repository.Str("name"), repository.Str("productionBranch"), repository.Str("path"));
        table.Write(context.Out, width: context.Width);
        return ExitCodes.Ok;
    }
}
