using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class UserListVerb
{
    public static readonly Verb Definition = new("user list", "user list", "List the users (admin).", [], [], RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        var response = await context.Api.GetAsync("api/users", cancellationToken);
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var table = new Table("NAME", "ROLES", "EMAIL");
        foreach (var user in response.Json.List("users"))
            table.Add(user.Str("name"), string.Join(",", user.Items("roles").Select(r => r.ToString())), user.Str("email"));
        table.Write(context.Out);
        return ExitCodes.Ok;
    }
}
