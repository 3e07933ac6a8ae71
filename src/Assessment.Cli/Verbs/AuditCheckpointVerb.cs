using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class AuditCheckpointVerb
{
    public static readonly Verb Definition = new(
        "audit checkpoint",
        "audit checkpoint [--out FILE]",
        """
        Fetch the signed head of the audit log (its sequence number and hash) and print it, or
        save it unchanged to FILE. Keep it: `assess audit verify --since FILE` later proves the
        log was not rewritten up to that point.
        """,
        ["out"],
        [],
        RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        var response = await context.Api.GetAsync("api/audit/checkpoint", cancellationToken);
        if (args.Value("out") is not { } file)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        await File.WriteAllBytesAsync(file, response.Content, cancellationToken);
        var checkpoint = response.JsonOrDefault();
        context.Note($"Saved checkpoint at sequence {checkpoint.Str("sequence")} (hash {checkpoint.Str("hash")}) to {file}.");
        return ExitCodes.Ok;
    }
}
