using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class UserRolesVerb
{
    private sealed record Request(IReadOnlyList<string> Roles, string Motion);

    public static Command Create()
    {
        var name = Verb.Text("NAME", "the user's name");
        var roles = Verb.Value("--roles", "ROLE[,ROLE...]", "the roles the user has from now on", required: true);
        var motion = Verb.Value("--motion", "MOTION", "the decision", required: true);
        return Verb.Create("roles", "Replace a user's roles (a role that administers, never one's own); --motion names the decision.",
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var user = parse.GetValue(name)!;
                var request = new Request(ParseRoles(Verb.Required(parse, roles)), Verb.Required(parse, motion));
                var response = await context.Api.PutAsync($"api/users/{Uri.EscapeDataString(user)}/roles", request, cancellationToken);
                if (context.Json)
                    context.WriteRaw(response);
                else
                    context.Out.WriteLine($"{user} now has the roles {string.Join(", ", request.Roles)}.");
                return ExitCodes.Ok;
            }),
            name, roles, motion);
    }

    public static IReadOnlyList<string> ParseRoles(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
