using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class KeysRevokeVerb
{
    public static Command Create()
    {
        var id = Verb.Text("ID", "the key's id (as GET /api/users/{name}/keys lists it)");
        var user = Verb.Value("--user", "NAME", "whose key (an administrator revoking another person's); default: one's own");
        return Verb.Create("revoke", """
            Revoke a personal signing key: from now on an action signed with it is refused, while
            what it signed before still verifies (every check reads when a key was in force).
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var key = Uri.EscapeDataString(parse.GetValue(id)!);
                var path = parse.GetValue(user) is { Length: > 0 } name
                    ? $"api/users/{Uri.EscapeDataString(name)}/keys/{key}"
                    : $"api/me/keys/{key}";
                var response = await context.Api.DeleteAsync(path, cancellationToken);
                if (context.Json)
                {
                    context.WriteRaw(response);
                }
                else
                {
                    var revoked = response.Json;
                    context.Out.WriteLine($"Revoked key {revoked.Str("id")} of {revoked.Str("user")} at {revoked.Str("revokedAt")}.");
                }
                return ExitCodes.Ok;
            }),
            id, user);
    }
}
