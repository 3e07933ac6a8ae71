using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class UserListVerb
{
    public static Command Create() =>
        Verb.Create("list", "List the users (admin).", new VerbAction((context, _, cancellationToken) => RunAsync(context, cancellationToken)));

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        var response = await context.Api.GetAsync("api/users", cancellationToken);
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var table = new Table("NAME", "ROLES", "EMAIL");
        foreach (var user in response.Json.List("users"))
            table.Add(user.Str("name"), string.Join(",", user.Items("roles").Select(r => r.ToString())), user.Str("email"));
        table.Write(context.Out, width: context.Width);
        return ExitCodes.Ok;
    }
}
