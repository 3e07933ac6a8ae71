using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class KeysGetVerb
{
    public static Command Create()
    {
        var output = Verb.Value("--out", "FILE", "save them unchanged to FILE");
        return Verb.Create("get", """
            The server's public signing keys, every one it has used with its validity period, as
            GET /api/keys returns them: printed, or saved to FILE for the offline checks
            (`audit verify --offline --keys FILE`, `handover verify --keys FILE`).
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var response = await context.Api.GetAsync("api/keys", cancellationToken);
                if (parse.GetValue(output) is { } file)
                {
                    // The people's keys follow the server's, each entry naming its person, for the
                    // personal signatures a hand-over carries.
                    var people = await context.Api.GetAsync("api/people/keys", cancellationToken);
                    var all = new System.Text.Json.Nodes.JsonArray();
                    foreach (var text in new[] { response.Text, people.Text })
                        foreach (var entry in System.Text.Json.Nodes.JsonNode.Parse(text)!.AsArray())
                            all.Add(entry!.DeepClone());
                    await File.WriteAllTextAsync(file, all.ToJsonString(), cancellationToken);
                    context.Note($"Saved the server's public keys and the people's to {file}.");
                }
                else
                {
                    context.WriteRaw(response);
                }
                return ExitCodes.Ok;
            }),
            output);
    }
}
