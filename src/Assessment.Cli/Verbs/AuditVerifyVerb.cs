using System.CommandLine;
using System.Text.Json;
using Assessment.Cli.Output;
using Assessment.Core.Evidence;

namespace Assessment.Cli.Verbs;

internal static class AuditVerifyVerb
{
    public static Command Create()
    {
        var since = Verb.Value("--since", "CHECKPOINT_FILE|WITNESS_REPO",
            "also check that the log still extends this saved checkpoint, or every checkpoint of a witness repository (path or clone URL)");
        var offline = Verb.Flag("--offline", "fetch the events and recompute the chain here");
        var key = Verb.Value("--keys", "KEYFILE", "with --offline: the server's public keys, saved by `assess keys get --out` (default: GET /api/keys)");
        key.Aliases.Add("--key");
        var events = Verb.Value("--events", "EVENTS_FILE", "with --offline: the log saved by `assess audit events --out` (default: fetched)");
        return Verb.Create("verify", """
            Check the audit log's hash chain on the server: prints "ok: N events", or the first bad
            event and why (exit code 1). With --since, also check that today's log still extends a
            checkpoint saved earlier with `assess audit checkpoint --out FILE`. With --offline, the
            events are fetched (or read from EVENTS_FILE) and the chain recomputed here, and the
            checkpoint's signature is checked against the server's keys (KEYFILE, or GET /api/keys):
            the answer then does not rest on the server's word. With --events and --keys, no server
            is asked at all. With --since naming a witness repository (a folder or a clone URL), every
            checkpoint it holds is checked: any two that disagree (same sequence, other hash) and any
            the log no longer extends are listed (exit code 1).
            """,
            new VerbAction((context, parse, cancellationToken) =>
                parse.GetValue(since) is { } s && WitnessVerify.IsWitness(s)
                    ? WitnessVerify.RunAsync(context, s, parse.GetValue(offline), parse.GetValue(key), parse.GetValue(events), cancellationToken)
                    : parse.GetValue(offline)
                    ? OfflineAsync(context, parse.GetValue(since), parse.GetValue(key), parse.GetValue(events), cancellationToken)
                    : OnlineAsync(context, parse.GetValue(since), parse.GetValue(key) ?? parse.GetValue(events), cancellationToken)),
            since, offline, key, events);
    }

    private static async Task<int> OnlineAsync(CliContext context, string? since, string? key, CancellationToken cancellationToken)
    {
        if (key is not null) throw new UsageException("--keys and --events go with --offline");
        var path = "api/audit/verify";
        if (since is { } file)
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
        {
            context.Out.WriteLine(answer.Str("firstBadEvent") is { } bad
                ? $"not ok: first bad event {bad}: {answer.Str("detail")}"
                : $"not ok: {answer.Str("detail")}");
            // Records that do not match their events: the server lists the first of them and counts all.
            if (answer.Long("recordsTotal") is > 1 and var total)
                context.Out.WriteLine(answer.Str("recordsNote") ?? $"{total} records do not match; --json lists them");
        }
        return ok ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<int> OfflineAsync(
        CliContext context, string? sinceFile, string? key, string? eventsFile, CancellationToken cancellationToken)
    {
        SignedCheckpoint? since = null;
        if (sinceFile is { } file)
        {
            var body = await ReadCheckpointJsonAsync(file, cancellationToken);
            since = OfflineChain.ParseCheckpoint(body, file);
        }
        var result = await OfflineChain.VerifyAsync(context, since, key, eventsFile, cancellationToken);
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new
            {
                ok = result.Ok, events = result.Events, firstBadEvent = result.FirstBadEvent, detail = result.Detail,
                head = result.HeadHash, offline = true,
            }, CliJson.Options));
        }
        else if (result.Ok)
        {
            context.Out.WriteLine($"ok: {result.Events} events, recomputed here; head {result.HeadHash}" +
                (since is null ? "" : $"; extends checkpoint {since.Sequence}"));
        }
        else
        {
            context.Out.WriteLine(result.FirstBadEvent is { } bad ? $"not ok: first bad event {bad}: {result.Detail}" : $"not ok: {result.Detail}");
        }
        return result.Ok ? ExitCodes.Ok : ExitCodes.Failed;
    }

    // A checkpoint as GET /api/audit/checkpoint returned it: {"sequence":N,"hash":"...",...}.
    private static async Task<(string Sequence, string Hash)> ReadCheckpointAsync(string file, CancellationToken cancellationToken)
    {
        var body = await ReadCheckpointJsonAsync(file, cancellationToken);
        return body.Str("sequence") is { } sequence && body.Str("hash") is { } hash
            ? (sequence, hash)
            : throw new UsageException($"{file} is not a checkpoint: it needs \"sequence\" and \"hash\"");
    }

    // A checkpoint file, a hand-over's checkpoint, or a period report in any of its formats:
    // JSON is read as it is; Markdown and HTML carry the checkpoint as one line of JSON.
    private static async Task<JsonElement> ReadCheckpointJsonAsync(string file, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(file, cancellationToken);
        JsonElement checkpoint;
        try
        {
            using var document = JsonDocument.Parse(text);
            checkpoint = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            checkpoint = EmbeddedCheckpoint(text)
                ?? throw new UsageException($"{file} is not a checkpoint (not JSON: {e.Message}) and holds no checkpoint line");
        }
        return checkpoint.Prop("checkpoint") ?? checkpoint;
    }

    private static JsonElement? EmbeddedCheckpoint(string text)
    {
        foreach (var line in System.Net.WebUtility.HtmlDecode(text).Split('\n'))
        {
            var start = line.IndexOf("{\"sequence\":", StringComparison.Ordinal);
            if (start < 0) continue;
            try
            {
                using var document = JsonDocument.Parse(line[start..].Trim());
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not this line; a report holds one checkpoint line, but keep looking.
            }
        }
        return null;
    }
}
