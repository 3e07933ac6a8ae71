using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;
using Assessment.Core.Audit;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Records;
using Assessment.Core.Git;

namespace Assessment.Cli.Verbs;

// `audit verify --since WITNESS_REPO`: every checkpoint the witness repository holds (in any
// commit, file or message) must carry the server's signature, agree with every other checkpoint
// of its sequence, and still be extended by the log (the server's, or the one recomputed here
// with --offline). Each finding is listed; any one fails the verb.
internal static class WitnessVerify
{
    public static bool IsWitness(string since) =>
        Directory.Exists(since) || (!File.Exists(since) && (since.Contains("://", StringComparison.Ordinal) || since.EndsWith(".git", StringComparison.Ordinal)));

    public static async Task<int> RunAsync(
        CliContext context, string location, bool offline, string? keyFile, string? eventsFile, CancellationToken cancellationToken)
    {
        if (!offline && (keyFile ?? eventsFile) is not null) throw new UsageException("--keys and --events go with --offline");
        var checkpoints = Read(location);
        if (checkpoints.Count == 0) throw new UsageException($"{location} holds no checkpoint: is it the witness repository?");
        var keys = await OfflineChain.KeysAsync(context, keyFile, cancellationToken);
        var problems = new List<string>();
        foreach (var (cp, where) in checkpoints.Where(c => !keys.Any(pem => Checkpoint.VerifySignature(c.Checkpoint, pem))))
        {
            problems.Add($"checkpoint {cp.Sequence} ({where}) is not signed by the server's keys");
        }
        foreach (var same in checkpoints.GroupBy(c => c.Checkpoint.Sequence).Where(g => g.Select(c => c.Checkpoint.Hash).Distinct(StringComparer.Ordinal).Count() > 1))
        {
            problems.Add($"checkpoints disagree at sequence {same.Key}: " +
                string.Join(", ", same.DistinctBy(c => c.Checkpoint.Hash).Select(c => $"hash {c.Checkpoint.Hash} ({c.Where})")));
        }
        var (chain, hashAt, records) = offline ? await OfflineLogAsync(context, eventsFile, cancellationToken) : await ServerLogAsync(context, cancellationToken);
        if (!chain.Ok) problems.Add($"the log does not verify: first bad event {chain.FirstBadEvent}: {chain.Detail}");
        foreach (var (cp, where) in checkpoints.DistinctBy(c => (c.Checkpoint.Sequence, c.Checkpoint.Hash)))
        {
            if (!chain.Ok) break;
            var extended = Checkpoint.VerifyExtends(cp, chain, seq => hashAt(seq).GetAwaiter().GetResult());
            if (!extended.Ok) problems.Add($"checkpoint {cp.Sequence} ({where}): {extended.Detail}");
        }
        if (chain.Ok) problems.AddRange(records);
        var latest = checkpoints.Max(c => c.Checkpoint.Sequence);
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new
            {
                ok = problems.Count == 0, events = chain.Events, checkpoints = checkpoints.Select(c => c.Checkpoint).Distinct().Count(),
                latest, problems, offline,
            }, CliJson.Options));
        }
        else if (problems.Count == 0)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ok: {chain.Events} events; the log extends all {checkpoints.Select(c => c.Checkpoint).Distinct().Count()} checkpoint(s) of {location} (the latest at {latest})"));
        }
        else
        {
            foreach (var problem in problems) context.Out.WriteLine("not ok: " + problem);
        }
        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static List<(SignedCheckpoint Checkpoint, string Where)> Read(string location)
    {
        IReadOnlyList<WitnessEntry> entries;
        try
        {
            entries = WitnessRepository.ReadAll(location);
        }
        catch (WitnessException e)
        {
            throw new UsageException($"cannot read the witness repository {location}: {e.Message}");
        }
        var found = new List<(SignedCheckpoint, string)>();
        foreach (var entry in entries)
        {
            try
            {
                using var document = JsonDocument.Parse(entry.Json);
                if (document.RootElement.ValueKind != JsonValueKind.Object || document.RootElement.Prop("sequence") is null) continue;
                found.Add((OfflineChain.ParseCheckpoint(document.RootElement, entry.Source), $"commit {entry.Commit[..12]}, {entry.Source}"));
            }
            catch (JsonException)
            {
                // A commit that is not a checkpoint's (the repository's first, a README): not ours to judge.
            }
        }
        return found;
    }

    // Records: what the log (offline) or the server (its records against the log) says of the personal signatures.
    private static async Task<(ChainVerification, Func<long, Task<string?>>, IReadOnlyList<string> Records)> OfflineLogAsync(
        CliContext context, string? eventsFile, CancellationToken cancellationToken)
    {
        var events = await OfflineChain.EventsAsync(context, eventsFile, cancellationToken);
        var records = RecordCheck.Events(events, LoggedEvidence.From(events)).Select(f => f.Detail).ToList();
        return (AuditChain.Verify(events), seq => Task.FromResult(seq >= 1 && seq <= events.Count ? events[(int)seq - 1].Hash : null), records);
    }

    // The server's own verification, and each checkpoint's event as the server gives it.
    private static async Task<(ChainVerification, Func<long, Task<string?>>, IReadOnlyList<string> Records)> ServerLogAsync(CliContext context, CancellationToken cancellationToken)
    {
        var answer = (await context.Api.GetAsync("api/audit/verify", cancellationToken)).Json;
        // The chain verified when the server gives its head, even if some record does not match its event.
        var chain = answer.Str("head") is { } head
            ? new ChainVerification(true, answer.GetProperty("events").GetInt64(), null, null, head)
            : ChainVerification.Bad(0, answer.Prop("firstBadEvent") is { ValueKind: JsonValueKind.Number } bad ? bad.GetInt64() : 0, answer.Str("detail") ?? "");
        return (chain, async seq =>
        {
            var path = ApiClient.WithQuery("api/audit/events", ("after", (seq - 1).ToString(CultureInfo.InvariantCulture)), ("limit", "1"));
            var page = (await context.Api.GetAsync(path, cancellationToken)).Json;
            return page.GetArrayLength() == 1 && page[0].GetProperty("sequence").GetInt64() == seq ? page[0].Str("hash") : null;
        }, answer.List("records").Select(r => r.Str("detail") ?? "").ToList());
    }
}
