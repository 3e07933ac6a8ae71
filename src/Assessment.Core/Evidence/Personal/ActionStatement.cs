using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assessment.Core.Evidence.Personal;

// What a person signs when they act (docs/evidence-format.md#action): an in-toto Statement
// whose subject is the exact commit and whose predicate names the patch, its revision, the
// action, its verdict, the person and the time. Patch is null for an emergency's declaration,
// which creates the patch. Verdict: a review's verdict, a test's result, a deployment's
// environment; null for a blessing and a declaration.
internal sealed record ActionPredicate(int? Patch, int Revision, string Action, string? Verdict, string By, DateTimeOffset At);

internal sealed record ActionStatementDocument(
    [property: JsonPropertyName("_type")] string Type,
    IReadOnlyList<InTotoSubject> Subject,
    string PredicateType,
    ActionPredicate Predicate);

internal sealed record OpenedAction(string Repository, string Commit, ActionPredicate Predicate);

internal static class ActionStatement
{
    public const string PredicateType = "https://assessment.invalid/docs/evidence-format.md#action-v1";

    public static byte[] Payload(string repository, string commit, ActionPredicate predicate) =>
        JsonSerializer.SerializeToUtf8Bytes(new ActionStatementDocument(Handover.StatementType,
            [new InTotoSubject(repository, new Dictionary<string, string>(StringComparer.Ordinal) { ["gitCommit"] = commit })],
            PredicateType, predicate), EvidenceJson.Options);

    public static DsseEnvelope Sign(PersonalSigner signer, string repository, string commit, ActionPredicate predicate)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var payload = Payload(repository, commit, predicate);
        var sig = signer.Sign(Dsse.Pae(Handover.PayloadType, payload));
        return new DsseEnvelope(Handover.PayloadType, Convert.ToBase64String(payload),
            [new DsseSignature(signer.Key.KeyId, Convert.ToBase64String(sig))]);
    }

    // The statement, once a signature by `key` verifies over it; otherwise why not.
    public static OpenedAction? Open(DsseEnvelope envelope, PersonalKey key, out string problem)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(key);
        if (!string.Equals(envelope.PayloadType, Handover.PayloadType, StringComparison.Ordinal))
        {
            problem = $"the payloadType is {envelope.PayloadType}, not {Handover.PayloadType}";
            return null;
        }
        var payload = Base64(envelope.Payload);
        if (payload is null)
        {
            problem = "the payload is not base64";
            return null;
        }
        var pae = Dsse.Pae(envelope.PayloadType, payload);
        var verified = envelope.Signatures.Any(s => string.Equals(s.Keyid, key.KeyId, StringComparison.Ordinal)
            && Base64(s.Sig) is { } sig && key.Verify(pae, sig));
        if (!verified)
        {
            problem = $"the signature by key {key.KeyId} does not verify";
            return null;
        }
        ActionStatementDocument? statement;
        try
        {
            statement = JsonSerializer.Deserialize<ActionStatementDocument>(payload, EvidenceJson.Options);
        }
        catch (JsonException e)
        {
            problem = $"the payload is not an action statement: {e.Message}";
            return null;
        }
        problem = statement switch
        {
            null => "the payload is null",
            { Type: var t } when !string.Equals(t, Handover.StatementType, StringComparison.Ordinal) => $"the statement type is {t}, not {Handover.StatementType}",
            { PredicateType: var p } when !string.Equals(p, PredicateType, StringComparison.Ordinal) => $"the predicateType is {p}, not {PredicateType}",
            { Subject.Count: not 1 } => "the statement must have exactly one subject",
            _ when !statement.Subject[0].Digest.ContainsKey("gitCommit") => "the subject has no gitCommit digest",
            _ => "",
        };
        if (problem.Length > 0) return null;
        var subject = statement!.Subject[0];
        return new OpenedAction(subject.Name, subject.Digest["gitCommit"], statement.Predicate);
    }

    private static byte[]? Base64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) ? buffer[..length] : null;
    }
}
