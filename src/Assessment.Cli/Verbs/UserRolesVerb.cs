namespace Assessment.Cli.Verbs;

internal static class UserRolesVerb
{
    public static readonly Verb Definition = new(
        "user roles",
        "user roles NAME --roles ROLE[,ROLE...] --motion MOTION",
        "Replace a user's roles (admin); --motion names the decision.",
        ["roles", "motion"],
        [],
        RunAsync);

    private sealed record Request(IReadOnlyList<string> Roles, string Motion);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var name = args.ExpectPositionals("NAME")[0];
        var request = new Request(ParseRoles(args.Required("roles")), args.Required("motion"));
        var response = await context.Api.PutAsync($"api/users/{Uri.EscapeDataString(name)}/roles", request, cancellationToken);
        if (context.Json)
            context.WriteRaw(response);
        else
            context.Out.WriteLine($"{name} now has the roles {string.Join(", ", request.Roles)}.");
        return ExitCodes.Ok;
    }

    public static IReadOnlyList<string> ParseRoles(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
