using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class WhoamiVerb
{
    public static Command Create() =>
        Verb.Create("whoami", "Who the token belongs to, and their roles.", new VerbAction((context, _, cancellationToken) => RunAsync(context, cancellationToken)));

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        var response = await context.Api.GetAsync("api/me", cancellationToken);
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var me = response.Json;
        var roles = me.Items("roles").Select(r => r.ToString()).ToList();
        context.Out.WriteLine($"{me.Str("name")} ({(roles.Count == 0 ? "no roles" : string.Join(", ", roles))}) at {context.Api.BaseAddress}");
        return ExitCodes.Ok;
    }
}
