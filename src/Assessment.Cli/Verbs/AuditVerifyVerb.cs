using System.Text.Json;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class AuditVerifyVerb
{
    public static readonly Verb Definition = new(
        "audit verify",
        "audit verify [--since CHECKPOINT_FILE]",
        """
        Check the audit log's hash chain on the server: prints "ok: N events", or the first bad
        event and why (exit code 1). With --since, also check that today's log still extends a
        checkpoint saved earlier with `assess audit checkpoint --out FILE`.
        """,
        ["since"],
        [],
        RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        var path = "api/audit/verify";
        if (args.Value("since") is { } file)
        {
            var (sequence, hash) = await ReadCheckpointAsync(file, cancellationToken);
            path = ApiClient.WithQuery(path, ("since-sequence", sequence), ("since-hash", hash));
        }
        var response = await context.Api.GetAsync(path, cancellationToken);
        var answer = response.Json;
        var ok = answer.Bool("ok");
        if (context.Json)
            context.WriteRaw(response);
        else if (ok)
            context.Out.WriteLine($"ok: {answer.Str("events") ?? "0"} events");
        else
            context.Out.WriteLine($"not ok: first bad event {answer.Str("firstBadEvent") ?? "?"}: {answer.Str("detail")}");
        return ok ? ExitCodes.Ok : ExitCodes.Failed;
    }

    // A checkpoint as GET /api/audit/checkpoint returned it: {"sequence":N,"hash":"...",...}.
    private static async Task<(string Sequence, string Hash)> ReadCheckpointAsync(string file, CancellationToken cancellationToken)
    {
        JsonElement checkpoint;
        try
        {
            await using var stream = File.OpenRead(file);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            checkpoint = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"{file} is not a checkpoint (not JSON: {e.Message})");
        }
        var body = checkpoint.Prop("checkpoint") ?? checkpoint;
        return body.Str("sequence") is { } sequence && body.Str("hash") is { } hash
            ? (sequence, hash)
            : throw new UsageException($"{file} is not a checkpoint: it needs \"sequence\" and \"hash\"");
    }
}
