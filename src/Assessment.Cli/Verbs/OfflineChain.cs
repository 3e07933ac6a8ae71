using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Records;

namespace Assessment.Cli.Verbs;

// `audit verify --offline`: the events are fetched and the chain recomputed here, so the answer
// does not depend on the server's honesty; a kept checkpoint is checked against its signature
// and against the recomputed log.
internal static class OfflineChain
{
    private const int Page = 10_000;

    public static async Task<ChainVerification> VerifyAsync(
        CliContext context, SignedCheckpoint? since, string? keyFile, string? eventsFile, CancellationToken cancellationToken)
    {
        var events = await EventsAsync(context, eventsFile, cancellationToken);
        var result = AuditChain.Verify(events);
        if (!result.Ok) return result;
        if (since is not null)
        {
            var keys = await KeysAsync(context, keyFile, cancellationToken);
            if (!keys.Any(pem => Checkpoint.VerifySignature(since, pem)))
            {
                return ChainVerification.Bad(0, since.Sequence,
                    $"the checkpoint's signature does not verify with the server's key(s): it was not issued by this server or was altered");
            }
            result = Checkpoint.VerifyExtends(since, result, seq => seq >= 1 && seq <= events.Count ? events[(int)seq - 1].Hash : null);
            if (!result.Ok) return result;
        }
        // What the log alone shows of the personal signatures: each action signed where the document
        // version it names required it, by the keys the log registered (the records are the server's).
        return RecordCheck.Events(events, LoggedEvidence.From(events)) is [var first, ..]
            ? new ChainVerification(false, result.Events, first.Event, first.Detail, null)
            : result;
    }

    // The log, from the file saved by `assess audit events --out` or fetched from the server.
    // type: only the server's events of that type (a saved file is read whole).
    public static async Task<List<AuditEvent>> EventsAsync(CliContext context, string? eventsFile, CancellationToken cancellationToken, string? type = null)
    {
        var raw = eventsFile is null ? await FetchAsync(context, cancellationToken, type) : await ReadFileAsync(eventsFile, cancellationToken);
        try
        {
            return raw.Select(FromJson).ToList();
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"{eventsFile ?? "the server's answer"} holds an event without its fields (sequence, at, ...): {e.Message}");
        }
    }

    // The server's public keys, from the file saved by `assess keys get --out` or GET /api/keys.
    public static async Task<IReadOnlyList<string>> KeysAsync(CliContext context, string? keyFile, CancellationToken cancellationToken) =>
        keyFile is not null
            ? HandoverVerifyVerb.PublicKeys(await File.ReadAllTextAsync(keyFile, cancellationToken), keyFile)
            : HandoverVerifyVerb.PublicKeys((await context.Api.GetAsync("api/keys", cancellationToken)).Text, "GET /api/keys");

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

    // The whole log, page by page, each event as the server sent it.
    public static async Task<List<JsonElement>> FetchAsync(CliContext context, CancellationToken cancellationToken, string? type = null)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var after = events.Count == 0 ? 0 : events[^1].GetProperty("sequence").GetInt64();
            var path = ApiClient.WithQuery("api/audit/events",
                ("after", after.ToString(CultureInfo.InvariantCulture)), ("limit", Page.ToString(CultureInfo.InvariantCulture)), ("type", type));
            var page = (await context.Api.GetAsync(path, cancellationToken)).Json;
            var before = events.Count;
            foreach (var e in page.EnumerateArray()) events.Add(e.Clone());
            if (events.Count - before < Page) return events;
        }
    }

    // A log saved by `assess audit events --out FILE`: a JSON array of events.
    private static async Task<List<JsonElement>> ReadFileAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(file, cancellationToken));
            var root = document.RootElement;
            var list = root.ValueKind == JsonValueKind.Object && root.Prop("events") is { ValueKind: JsonValueKind.Array } inner ? inner : root;
            return list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.Clone()).ToList()
                : throw new UsageException($"{file} is not a saved log: a JSON array of events is expected");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{file} is not a saved log (not JSON: {e.Message})");
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot read {file}: {e.Message}");
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
