using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class UserAddVerb
{
    public static readonly Verb Definition = new(
        "user add",
        "user add NAME --roles ROLE[,ROLE...] --motion MOTION [--email EMAIL] [--token-only]",
        """
        Create a user (admin). Roles: developer, assessor, tester, sysadmin, auditor, admin.
        --motion names the decision that granted them. The new user's token is printed once;
        --token-only prints nothing else (for scripts: TOKEN=$(assess user add ... --token-only)).
        """,
        ["roles", "motion", "email"],
        ["token-only"],
        RunAsync);

    private sealed record Request(string Name, IReadOnlyList<string> Roles, string Motion, string? Email);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var name = args.ExpectPositionals("NAME")[0];
        var request = new Request(name, UserRolesVerb.ParseRoles(args.Required("roles")), args.Required("motion"), args.Value("email"));
        var response = await context.Api.PostAsync("api/users", request, cancellationToken);
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var user = response.Json;
        if (args.Has("token-only"))
        {
            context.Out.WriteLine(user.Str("token"));
            return ExitCodes.Ok;
        }
        context.Out.WriteLine($"Created user {user.Str("name") ?? name} with roles {string.Join(", ", user.Items("roles").Select(r => r.ToString()))}.");
        context.Out.WriteLine("Token (shown only this once; give it to the user and do not keep a copy):");
        context.Out.WriteLine();
        context.Out.WriteLine($"    {user.Str("token")}");
        context.Out.WriteLine();
        return ExitCodes.Ok;
    }
}
