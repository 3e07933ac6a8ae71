using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;
using Assessment.Core.Data;
using Assessment.Core.Evidence;

namespace Assessment.Cli.Verbs;

// `audit verify --offline`: the events are fetched and the chain recomputed here, so the answer
// does not depend on the server's honesty; a kept checkpoint is checked against its signature
// and against the recomputed log.
internal static class OfflineChain
{
    private const int Page = 10_000;

    public static async Task<ChainVerification> VerifyAsync(
        CliContext context, SignedCheckpoint? since, string? keyFile, CancellationToken cancellationToken)
    {
        var events = await FetchAsync(context, cancellationToken);
        var result = AuditChain.Verify(events);
        if (since is null || !result.Ok) return result;
        var keys = keyFile is not null
            ? HandoverVerifyVerb.PublicKeys(await File.ReadAllTextAsync(keyFile, cancellationToken), keyFile)
            : HandoverVerifyVerb.PublicKeys((await context.Api.GetAsync("api/keys", cancellationToken)).Text, "GET /api/keys");
        if (!keys.Any(pem => Checkpoint.VerifySignature(since, pem)))
        {
            return ChainVerification.Bad(0, since.Sequence,
                $"the checkpoint's signature does not verify with the server's key(s): it was not issued by this server or was altered");
        }
        return Checkpoint.VerifyExtends(since, result, seq => seq >= 1 && seq <= events.Count ? events[(int)seq - 1].Hash : null);
    }

    public static SignedCheckpoint ParseCheckpoint(JsonElement body, string file)
    {
        try
        {
            return new SignedCheckpoint(
                body.GetProperty("sequence").GetInt64(), body.GetProperty("hash").GetString()!,
                body.GetProperty("at").GetDateTimeOffset(), body.GetProperty("keyId").GetString()!,
                body.GetProperty("signature").GetString()!);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"{file} is not a signed checkpoint (sequence, hash, at, keyId, signature): {e.Message}");
        }
    }

    private static async Task<List<AuditEvent>> FetchAsync(CliContext context, CancellationToken cancellationToken)
    {
        var events = new List<AuditEvent>();
        while (true)
        {
            var after = events.Count == 0 ? 0 : events[^1].Sequence;
            var path = ApiClient.WithQuery("api/audit/events",
                ("after", after.ToString(CultureInfo.InvariantCulture)), ("limit", Page.ToString(CultureInfo.InvariantCulture)));
            var page = (await context.Api.GetAsync(path, cancellationToken)).Json;
            var before = events.Count;
            foreach (var e in page.EnumerateArray()) events.Add(FromJson(e));
            if (events.Count - before < Page) return events;
        }
    }

    private static AuditEvent FromJson(JsonElement e) => new()
    {
        Sequence = e.GetProperty("sequence").GetInt64(),
        Format = e.Prop("format") is { ValueKind: JsonValueKind.Number } f ? f.GetInt32() : AuditFormat.Legacy,
        At = e.GetProperty("at").GetDateTimeOffset(),
        Actor = e.GetProperty("actor").GetString()!,
        Type = e.GetProperty("type").GetString()!,
        PatchId = e.Prop("patch") is { ValueKind: JsonValueKind.Number } p ? p.GetInt32() : null,
        Commit = e.Str("commit"),
        WorkflowHash = e.Str("workflowHash"),
        Data = e.GetProperty("dataText").GetString()!,
        PreviousHash = e.GetProperty("previousHash").GetString()!,
        Hash = e.GetProperty("hash").GetString()!,
    };
}
