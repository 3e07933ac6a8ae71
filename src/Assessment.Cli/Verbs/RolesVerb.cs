using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

// The roles come from the server (its roles.md), never from a list in this program.
internal static class RolesVerb
{
    public static Command Create() =>
        Verb.Create("roles", "List the roles the server knows (its roles.md): which exclude each other, which administer, which read evidence.",
            new VerbAction((context, _, cancellationToken) => RunAsync(context, cancellationToken)));

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        var response = await context.Api.GetAsync("api/roles", cancellationToken);
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var table = new Table("ROLE", "EXCLUDES", "ADMINISTERS", "READS EVIDENCE");
        foreach (var role in response.Json.List("roles"))
        {
            table.Add(role.Str("name"), string.Join(",", role.Items("excludes").Select(r => r.ToString())),
                role.Bool("administers") ? "yes" : "no", role.Bool("readsEvidence") ? "yes" : "no");
        }
        table.Write(context.Out, width: context.Width);
        return ExitCodes.Ok;
    }
}
