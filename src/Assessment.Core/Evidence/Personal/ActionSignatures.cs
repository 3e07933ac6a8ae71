using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;


namespace Assessment.Core.Evidence.Personal;

// The person's signature of an action, checked before anything is recorded: it must verify
// with a key registered to the actor and say exactly what the request does. Otherwise 422
// naming the rule, and the action's transaction records nothing.
internal static class ActionSignatures
{
    // How far the signed time may lie from the server's: a signature is made just before sending.
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public static async Task<AcceptedSignature?> CheckAsync(
        AssessmentDb db, User actor, WorkflowDefinition wf, string action, string repository, int? patchId, int revision, string commit,
        SignedRequest request, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(wf);
        ArgumentNullException.ThrowIfNull(request);
        var keys = await UserKeys.InForceAsync(db, actor.Id, ct);
        if (request.Envelope is not { ValueKind: not JsonValueKind.Null } element)
        {
            if (wf.Signatures.TryGetValue(action, out var rule) && (rule.When == SignedWhen.Always || keys.Count > 0))
            {
                var why = rule.When == SignedWhen.Always ? "always" : $"once the person has a key registered ({actor.Name} has {keys.Count})";
                var cite = WorkflowRefusals.Cite(wf, rule.Line);
                throw Refusal.Invalid($"signature: {cite} requires '{action}' to be signed {why}; nothing was recorded", cite);
            }
            return null;
        }
        DsseEnvelope envelope;
        try
        {
            envelope = Dsse.Parse(element.GetRawText());
        }
        catch (JsonException e)
        {
            throw Refusal.Invalid($"signature: not a DSSE envelope ({e.Message}); nothing was recorded");
        }
        var key = keys.FirstOrDefault(k => envelope.Signatures.Any(s => string.Equals(s.Keyid, k.KeyId, StringComparison.Ordinal)))
            ?? throw await NotInForceAsync(db, actor, envelope, ct);
        var personal = PersonalKey.FromSpki(Convert.FromBase64String(PemBody(key.PublicKeyPem)), out _)!;
        var opened = ActionStatement.Open(envelope, personal, out var problem)
            ?? throw Refusal.Invalid($"signature: {problem}; nothing was recorded");
        var mismatch = Mismatch(opened, repository, commit, new ActionPredicate(patchId, revision, request.Action, request.Verdict, actor.Name, now));
        if (mismatch is not null) throw Refusal.Invalid($"signature: {mismatch}; nothing was recorded");
        var stored = Dsse.ToJson(envelope);
        return new AcceptedSignature(key.KeyId, stored, DigestOf(stored));
    }

    private static async Task<Refusal> NotInForceAsync(AssessmentDb db, User actor, DsseEnvelope envelope, CancellationToken ct)
    {
        var ids = envelope.Signatures.Select(s => s.Keyid).ToList();
        var revoked = (await UserKeys.OfAsync(db, actor.Id, ct)).FirstOrDefault(k => k.RevokedAt is not null && ids.Contains(k.KeyId, StringComparer.Ordinal));
        return Refusal.Invalid(revoked is { RevokedAt: { } at }
            ? $"signature: signed by {revoked.KeyId}, a key of {actor.Name}'s revoked at {EvidenceJson.Time(at)}; nothing was recorded"
            : $"signature: signed by {string.Join(", ", ids.DefaultIfEmpty("no key"))}, which is not a key registered to {actor.Name}; nothing was recorded");
    }

    public static string DigestOf(string envelope) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(envelope)));

    // The first way the signed statement differs from the request, or null.
    private static string? Mismatch(OpenedAction signed, string repository, string commit, ActionPredicate expected)
    {
        var p = signed.Predicate;
        string? Differs(string what, object? given, object? wanted) =>
            Equals(given, wanted) ? null : $"the signed {what} is {given ?? "null"}, the request's is {wanted ?? "null"}";
        return Differs("repository", signed.Repository, repository)
            ?? Differs("commit", signed.Commit, commit)
            ?? Differs("patch", p.Patch, expected.Patch)
            ?? Differs("revision", p.Revision, expected.Revision)
            ?? Differs("action", p.Action, expected.Action)
            ?? Differs("verdict", p.Verdict, expected.Verdict)
            ?? Differs("person", p.By, expected.By)
            ?? ((p.At - expected.At).Duration() > Window
                ? $"the signed time {EvidenceJson.Time(p.At)} is more than {Window.TotalMinutes} minutes from the server's {EvidenceJson.Time(expected.At)}"
                : null);
    }

    private static string PemBody(string pem) =>
        PemEncoding.TryFind(pem, out var f) ? pem[f.Base64Data] : throw new InvalidOperationException("a stored key is not PEM");
}
