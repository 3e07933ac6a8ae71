using Assessment.Core.Data;
using Assessment.Core.Workflow;

namespace Assessment.Core.Evidence.Personal;

// A person's key as a verifier knows it: whose, and from which event of the log until which
// (Event registered it, RevokedEvent revoked it), with those events' times.
internal sealed record PersonKey(string Person, string PublicKeyPem, DateTimeOffset RegisteredAt, DateTimeOffset? RevokedAt,
    long? Event = null, long? RevokedEvent = null)
{
    // In force for the action recorded by event `sequence`: registered by an earlier event and not
    // revoked by one before it. The log's order decides, not its times: they carry milliseconds,
    // and an action and a revocation in the same millisecond would be judged by chance. Only
    // evidence without the sequences (a hand-over issued before they were given) falls back to time.
    public bool InForce(DateTimeOffset at, long? sequence) =>
        sequence is { } s && Event is { } from && (RevokedAt is null || RevokedEvent is not null)
            ? from < s && (RevokedEvent is null || RevokedEvent > s)
            : RegisteredAt <= at && (RevokedAt is null || RevokedAt > at);
}

// The personal signatures a hand-over carries: put in when it is issued (with whether the
// document required each), and checked by every verifier against the people's keys as of the
// time of each record, so neither a missing nor a forged signature passes.
internal static class HandoverSignatures
{
    public static Func<ISignedRecord, string, string, DateTimeOffset, long?, PersonalSignature?> Issuing(
        WorkflowDefinition wf, IReadOnlyList<PersonKey> keys) => (record, request, by, at, sequence) =>
    {
        var required = wf.ActionOf(request) is { } action && wf.Signatures.TryGetValue(action, out var rule)
            && (rule.When == SignedWhen.Always || keys.Any(k => string.Equals(k.Person, by, StringComparison.Ordinal) && k.InForce(at, sequence)));
        return record.Signature is null && !required
            ? null
            : new PersonalSignature(required, record.Signature is null ? null : Dsse.Parse(record.Signature));
    };

    // With the events that registered and revoked each key (the revocation's is read from the log).
    public static async Task<IReadOnlyList<PersonKey>> KeysAsync(AssessmentDb db, CancellationToken ct)
    {
        var revocations = await UserKeys.RevocationsAsync(db, ct);
        return (await UserKeys.AllAsync(db, ct)).SelectMany(p => p.Value.Select(k => new PersonKey(p.Key, k.PublicKeyPem, k.RegisteredAt, k.RevokedAt,
            k.Event, k.RevokedAt is null ? null : (revocations.TryGetValue(k.Id, out var r) ? r : null)))).ToList();
    }

    public static bool Carries(HandoverPredicate p) =>
        p.BlessingSignature is not null || p.Reviewers.Any(r => r.Signature is not null) || p.Testers.Any(t => t.Signature is not null)
        || p.TestDeployments.Any(d => d.Signature is not null);

    // Null when every signature verifies and none that the document required is missing; else the
    // first problem. Which were required is read from the document version that judged the
    // blessing (its hash is the predicate's workflow.contentHash), never from the hand-over's own
    // "required" flags: whoever holds the server's key could write those.
    public static string? Check(HandoverPredicate p, IReadOnlyList<PersonKey> keys, SignatureDocument document)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(document);
        // Each record's event: given in the hand-over (the blessing's is its log position).
        var records = p.Reviewers.Select(r => new Item($"the review by {r.By}", r.By, r.Commit, r.At, r.Event, ApiRequests.Review, r.Verdict, ApiRequests.ReviewWith(r.Verdict), r.Signature))
            .Concat(p.Testers.Select(t => new Item($"the test by {t.By}", t.By, t.Commit, t.At, t.Event, ApiRequests.Test, t.Result, ApiRequests.TestWith(t.Result), t.Signature)))
            .Concat(p.TestDeployments.Select(d => new Item($"the deployment to {d.Environment} by {d.By}", d.By, d.Commit, d.At, d.Event, ApiRequests.Deploy, d.Environment,
                ApiRequests.DeployTo(Environments.DeploymentEnvironments.Test), d.Signature)))
            .Append(new Item("the blessing by " + p.BlessedBy, p.BlessedBy, p.Commit, p.BlessedAt, p.Log.Sequence, ApiRequests.Bless, null, ApiRequests.Bless, p.BlessingSignature));
        foreach (var r in records)
        {
            if (r.Signature?.Envelope is not { } envelope)
            {
                var hasKey = keys.Any(k => string.Equals(k.Person, r.By, StringComparison.Ordinal) && k.InForce(r.At, r.Event));
                if (document.ActionOf(r.Request) is { } action && document.Requirement(action, hasKey) is { } rule)
                    return $"{r.What} at {EvidenceJson.Time(r.At)} carries no personal signature, which the document required ({rule})";
                continue;
            }
            var theirs = keys.Where(k => string.Equals(k.Person, r.By, StringComparison.Ordinal) && k.InForce(r.At, r.Event)).ToList();
            string problem = r.Event is { } seq ? $"no key of {r.By}'s in force at event {seq} signed it" : $"no key of {r.By}'s in force at {EvidenceJson.Time(r.At)} signed it";
            var ok = false;
            foreach (var k in theirs)
            {
                var key = PersonalKey.Parse(k.PublicKeyPem, out _);
                if (key is null || !envelope.Signatures.Any(s => string.Equals(s.Keyid, key.KeyId, StringComparison.Ordinal))) continue;
                var opened = ActionStatement.Open(envelope, key, out problem);
                if (opened is null) continue;
                problem = Differs(opened, p, r.Commit, r.By, r.Action, r.Verdict) ?? "";
                if (problem.Length == 0)
                {
                    ok = true;
                    break;
                }
            }
            if (!ok) return $"{r.What} at {EvidenceJson.Time(r.At)}: {problem}";
        }
        return null;
    }

    private sealed record Item(string What, string By, string Commit, DateTimeOffset At, long? Event, string Action, string? Verdict, string Request, PersonalSignature? Signature);

    private static string? Differs(OpenedAction signed, HandoverPredicate p, string commit, string by, string action, string? verdict)
    {
        var s = signed.Predicate;
        return !string.Equals(signed.Commit, commit, StringComparison.Ordinal) ? $"it signs commit {signed.Commit}, the record is about {commit}"
            : s.Patch is { } patch && patch != p.PatchId ? $"it signs patch {patch}, the hand-over is about {p.PatchId}"
            : !string.Equals(s.By, by, StringComparison.Ordinal) ? $"it is signed as {s.By}"
            : !string.Equals(s.Action, action, StringComparison.Ordinal) || !string.Equals(s.Verdict, verdict, StringComparison.Ordinal)
                ? $"it signs '{s.Action} {s.Verdict}', the record is '{action} {verdict}'"
            : null;
    }
}
