using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class UserAddVerb
{
    private sealed record Request(string Name, IReadOnlyList<string> Roles, string Motion, string? Email, IReadOnlyList<string> Emails);

    public static Command Create()
    {
        var name = Verb.Text("NAME", "the user's name");
        var roles = Verb.Value("--roles", "ROLE[,ROLE...]", "the roles granted", required: true);
        var motion = Verb.Value("--motion", "MOTION", "the decision that granted them", required: true);
        var email = Verb.Value("--email", "EMAIL[,EMAIL...]", "the addresses matched to commit authors and committers; mail goes to the first");
        var tokenOnly = Verb.Flag("--token-only", "print only the new token (for scripts)");
        return Verb.Create("add", """
            Create a user (a role that administers). `assess roles` lists the roles the server knows.
            --motion names the decision that granted them. The new user's token is printed once;
            --token-only prints nothing else (for scripts: TOKEN=$(assess user add ... --token-only)).
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var emails = (parse.GetValue(email) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var request = new Request(parse.GetValue(name)!, UserRolesVerb.ParseRoles(Verb.Required(parse, roles)),
                    Verb.Required(parse, motion), emails.FirstOrDefault(), [.. emails.Skip(1)]);
                var response = await context.Api.PostAsync("api/users", request, cancellationToken);
                return Write(context, response, request.Name, parse.GetValue(tokenOnly));
            }),
            name, roles, motion, email, tokenOnly);
    }

    private static int Write(CliContext context, ApiResponse response, string name, bool tokenOnly)
    {
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        var user = response.Json;
        if (tokenOnly)
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
