using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class AuditCheckpointVerb
{
    public static Command Create()
    {
        var output = Verb.Value("--out", "FILE", "save the checkpoint unchanged to FILE");
        return Verb.Create("checkpoint", """
            Fetch the signed head of the audit log (its sequence number and hash) and print it, or
            save it unchanged to FILE. Keep it: `assess audit verify --since FILE` later proves the
            log was not rewritten up to that point.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var response = await context.Api.GetAsync("api/audit/checkpoint", cancellationToken);
                if (parse.GetValue(output) is not { } file)
                {
                    context.WriteRaw(response);
                    return ExitCodes.Ok;
                }
                await File.WriteAllBytesAsync(file, response.Content, cancellationToken);
                var checkpoint = response.JsonOrDefault();
                context.Note($"Saved checkpoint at sequence {checkpoint.Str("sequence")} (hash {checkpoint.Str("hash")}) to {file}.");
                return ExitCodes.Ok;
            }),
            output);
    }
}
