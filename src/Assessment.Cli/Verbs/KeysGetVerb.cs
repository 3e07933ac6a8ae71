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
                    await File.WriteAllBytesAsync(file, response.Content, cancellationToken);
                    context.Note($"Saved the server's public keys to {file}.");
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
