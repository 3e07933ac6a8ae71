using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Evidence.Personal;

namespace Assessment.Core.Evidence.Records;

// The records that count, checked against the log and the people's signatures: every record has
// its event (and every event its record), and where the document version that judged it
// required the person's signature, the record carries one that a key of theirs, in force at
// the time by the log, made over exactly this action. A row written into the database behind
// the server's back, or an event appended without the person's signature, is named here.
internal static class RecordCheck
{
    public const string Reviewed = "patch.reviewed", Tested = "patch.tested", Deployed = "patch.deployed", Blessed = "patch.blessed",
        Declared = "emergency.declared";

    public static bool IsActionEvent(string type) => type is Reviewed or Tested or Deployed or Blessed or Declared;

    internal sealed record Finding(long? Event, string Detail);

    // The log alone (what an offline verifier holds): each action event signed where its document required it.
    public static List<Finding> Events(IReadOnlyList<AuditEvent> events, LoggedEvidence evidence)
    {
        var findings = evidence.Problems.Select(p => new Finding(null, p)).ToList();
        foreach (var e in events.Where(e => IsActionEvent(e.Type)))
        {
            if (EventProblem(e, LoggedAction.Of(e), evidence) is { } problem) findings.Add(new Finding(e.Sequence, problem));
        }
        return findings;
    }

    private static string? EventProblem(AuditEvent e, LoggedAction logged, LoggedEvidence evidence) =>
        e.WorkflowHash is { } hash && !evidence.Knows(hash)
            ? $"event {e.Sequence} names workflow {hash[..12]}, a document the log never loaded"
            : logged.Digest is null && evidence.Requirement(e, logged.Action) is { } rule
            ? $"event {e.Sequence}: {e.Actor}'s '{logged.Action}' carries no personal signature; {rule}"
            : null;

    // The database's records against the log: both ways, and each signature verified.
    // The log's own problems (evidence.Problems) are the caller's to name once, not once per batch.
    public static List<Finding> Records(IReadOnlyList<AuditEvent> events, IReadOnlyList<CountedRecord> records, LoggedEvidence evidence)
    {
        var findings = new List<Finding>();
        // A record can only match an event about its own patch: one short list per patch keeps the
        // matching linear in the log's size (a single list made it quadratic: minutes at 1,000,000 events).
        var unmatched = events.Where(e => IsActionEvent(e.Type)).Select(e => (Event: e, Logged: LoggedAction.Of(e)))
            .GroupBy(u => u.Event.PatchId ?? 0).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var r in records.OrderBy(r => r.PatchId).ThenBy(r => r.EventSequence ?? long.MaxValue).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Id))
        {
            var candidates = unmatched.GetValueOrDefault(r.PatchId);
            var index = candidates?.FindIndex(u => Matches(r, u.Event, u.Logged)) ?? -1;
            if (index < 0)
            {
                findings.Add(new Finding(null, $"{r.Name} on {r.Commit[..12]}: no event in the log records it"));
                continue;
            }
            var (e, logged) = candidates![index];
            candidates.RemoveAt(index);
            var problem = e.WorkflowHash is { } hash && !evidence.Knows(hash) ? EventProblem(e, logged, evidence) : Signature(r, e, logged, evidence);
            if (problem is not null) findings.Add(new Finding(e.Sequence, $"{r.Name} (event {e.Sequence}): {problem}"));
        }
        // A declaration that deployed nothing has no deployment record; every other action event has one.
        foreach (var (e, logged) in unmatched.Values.SelectMany(u => u).OrderBy(u => u.Event.Sequence))
        {
            var problem = e.Type == Declared ? EventProblem(e, logged, evidence)
                : $"event {e.Sequence} records {e.Actor}'s '{logged.Action}' of patch {e.PatchId}, but the database holds no such record";
            if (problem is not null) findings.Add(new Finding(e.Sequence, problem));
        }
        return findings;
    }

    private static bool Matches(CountedRecord r, AuditEvent e, LoggedAction logged) =>
        string.Equals(r.EventType, e.Type, StringComparison.Ordinal) && e.PatchId == r.PatchId
        && string.Equals(r.By, e.Actor, StringComparison.Ordinal) && string.Equals(r.Commit, e.Commit, StringComparison.Ordinal)
        && (r.EventSequence is null || r.EventSequence == e.Sequence)
        && (r.Revision is null || logged.Revision is null || r.Revision == logged.Revision)
        && (r.EventType == Declared || r.EventType == Blessed || string.Equals(r.Verdict, logged.Verdict, StringComparison.Ordinal));

    private static string? Signature(CountedRecord r, AuditEvent e, LoggedAction logged, LoggedEvidence evidence)
    {
        if (r.Signature is null)
        {
            if (logged.Digest is not null) return $"its event names signature {logged.Digest}, but the record carries none";
            return evidence.Requirement(e, logged.Action) is { } rule ? $"it carries no personal signature; {rule}" : null;
        }
        var digest = ActionSignatures.DigestOf(r.Signature);
        if (!string.Equals(digest, logged.Digest, StringComparison.Ordinal))
            return $"its signature ({digest}) is not the one its event names ({logged.Digest ?? "none"})";
        DsseEnvelope envelope;
        try
        {
            envelope = Dsse.Parse(r.Signature);
        }
        catch (JsonException ex)
        {
            return $"its signature is not a DSSE envelope: {ex.Message}";
        }
        var problem = $"no key of {r.By}'s in force at event {e.Sequence} signed it";
        foreach (var key in evidence.KeysOf(r.By, e.Sequence).Where(k => envelope.Signatures.Any(s => string.Equals(s.Keyid, k.KeyId, StringComparison.Ordinal))))
        {
            if (ActionStatement.Open(envelope, key, out problem) is not { } opened) continue;
            var s = opened.Predicate;
            problem = !string.Equals(opened.Commit, r.Commit, StringComparison.Ordinal) ? $"it signs commit {opened.Commit}"
                : s.Patch is { } patch && patch != r.PatchId ? $"it signs patch {patch}"
                : !string.Equals(s.By, r.By, StringComparison.Ordinal) ? $"it is signed as {s.By}"
                : !string.Equals(s.Action, r.SignedAction, StringComparison.Ordinal) || !string.Equals(s.Verdict, r.Verdict, StringComparison.Ordinal)
                    ? $"it signs '{s.Action} {s.Verdict}', the record is '{r.SignedAction} {r.Verdict}'"
                : "";
            if (problem.Length == 0) return null;
        }
        return problem;
    }
}

// What an action event's data says: the document's action, the revision, the verdict and the signature's digest.
internal sealed record LoggedAction(string Action, int? Revision, string? Verdict, string? Digest)
{
    public static LoggedAction Of(AuditEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        var root = data.RootElement;
        string? Str(JsonElement el, string name) => el.ValueKind == JsonValueKind.Object && el.TryGetProperty(name, out var v)
            && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var details = root.TryGetProperty("details", out var d) ? d : default;
        var verdict = Str(details, "verdict") ?? Str(details, "result") ?? Str(details, "environment");
        var revision = root.TryGetProperty("revision", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : (int?)null;
        var digest = root.TryGetProperty("signature", out var s) ? Str(s, "digest") : null;
        return new LoggedAction(Str(root, "action") ?? "", revision, verdict, digest);
    }
}
