using System.Text.Json;
using Assessment.Core.Git;

namespace Assessment.Core.Evidence;

internal sealed record HandoverVerification(bool Ok, string Detail, HandoverPredicate? Predicate)
{
    public static HandoverVerification Bad(string detail) => new(false, detail, null);
}

// The signed hand-over replaces the signed e-mail of the old process: an in-toto Statement
// about one commit, in a DSSE envelope, checkable offline with the server's public key.
internal static class Handover
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    // The URI names the section of docs/evidence-format.md that defines the predicate. Hand-overs
    // issued before that document existed carry the old type and still verify.
    public const string PredicateType = "https://assessment.invalid/docs/evidence-format.md#handover-v1";
    public const string LegacyPredicateType = "https://assessment.invalid/handover/v1";
    public const string PayloadType = "application/vnd.in-toto+json";

    private static readonly JsonSerializerOptions Json = EvidenceJson.Options;

    public static DsseEnvelope Issue(SigningKey key, HandoverPredicate predicate, string repositoryName, string commit)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(predicate);
        // Verify insists on these agreeing; a document that could never verify must not be issued.
        if (!IsCommitId(commit)) throw new ArgumentException($"'{commit}' is not a full 40-hex commit id", nameof(commit));
        if (!string.Equals(commit, predicate.Commit, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the subject commit {commit} is not the predicate's commit {predicate.Commit}", nameof(commit));
        }
        if (!string.Equals(repositoryName, predicate.Repository, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"the subject repository {repositoryName} is not the predicate's repository {predicate.Repository}", nameof(repositoryName));
        }
        var statement = new InTotoStatement(StatementType,
            [new InTotoSubject(repositoryName, new Dictionary<string, string>(StringComparer.Ordinal) { ["gitCommit"] = commit })],
            PredicateType, predicate);
        return Dsse.Sign(key, PayloadType, JsonSerializer.SerializeToUtf8Bytes(statement, Json));
    }

    public static string TreeOf(string repositoryPath, string commit) => GitTrees.TreeOf(repositoryPath, commit);

    public static HandoverVerification Verify(string envelopeJson, string publicKeyPem, string keyId, string? repositoryPath)
    {
        DsseEnvelope envelope;
        try
        {
            envelope = Dsse.Parse(envelopeJson);
        }
        catch (JsonException e)
        {
            return HandoverVerification.Bad($"the document is not a DSSE envelope: {e.Message}");
        }
        if (!string.Equals(envelope.PayloadType, PayloadType, StringComparison.Ordinal))
        {
            return HandoverVerification.Bad($"the payload type is {envelope.PayloadType}, expected {PayloadType}");
        }
        var signature = Dsse.Verify(envelope, publicKeyPem, keyId);
        if (!signature.Ok) return HandoverVerification.Bad(signature.Detail);

        InTotoStatement statement;
        try
        {
            statement = JsonSerializer.Deserialize<InTotoStatement>(signature.Payload ?? [], Json)
                ?? throw new JsonException("the payload is null");
        }
        catch (JsonException e)
        {
            return HandoverVerification.Bad($"the signed payload is not a hand-over statement: {e.Message}");
        }
        var problem = CheckStatement(statement, publicKeyPem) ?? CheckRepository(statement.Predicate, repositoryPath);
        if (problem is not null) return HandoverVerification.Bad(problem);
        var p = statement.Predicate;
        return new HandoverVerification(true,
            $"hand-over of patch {p.PatchId} ({p.Repository} {p.Commit}) signed by key {keyId}", p);
    }

    private static string? CheckStatement(InTotoStatement statement, string publicKeyPem)
    {
        if (!string.Equals(statement.Type, StatementType, StringComparison.Ordinal))
        {
            return $"the statement type is {statement.Type}, expected {StatementType}";
        }
        if (!string.Equals(statement.PredicateType, PredicateType, StringComparison.Ordinal)
            && !string.Equals(statement.PredicateType, LegacyPredicateType, StringComparison.Ordinal))
        {
            return $"the predicate type is {statement.PredicateType}, expected {PredicateType}";
        }
        var p = statement.Predicate;
        if (statement.Subject.Count != 1) return $"the statement has {statement.Subject.Count} subjects, expected 1";
        if (statement.Subject[0] is not { } subject) return "the statement's subject is null";
        if (!subject.Digest.TryGetValue("gitCommit", out var commit)) return "the subject has no gitCommit digest";
        if (!string.Equals(commit, p.Commit, StringComparison.Ordinal))
        {
            return $"the subject names commit {commit} but the hand-over is about {p.Commit}";
        }
        if (!string.Equals(subject.Name, p.Repository, StringComparison.Ordinal))
        {
            return $"the subject names repository {subject.Name} but the hand-over is about {p.Repository}";
        }
        if (!Checkpoint.VerifySignature(p.Checkpoint, publicKeyPem))
        {
            return $"the checkpoint in the hand-over (event {p.Checkpoint.Sequence}) does not verify with this key";
        }
        return p.Log.Sequence > p.Checkpoint.Sequence
            ? $"the blessing is at event {p.Log.Sequence}, after the checkpoint at event {p.Checkpoint.Sequence}"
            : null;
    }

    private static string? CheckRepository(HandoverPredicate p, string? repositoryPath)
    {
        if (repositoryPath is null) return null;
        if (!IsCommitId(p.Commit)) return $"'{p.Commit}' is not a full commit id";
        using var repo = GitReader.TryOpen(repositoryPath);
        if (repo is null) return $"there is no git repository at {repositoryPath}";
        var tree = GitTrees.TreeOf(repo, p.Commit);
        if (tree is null) return $"commit {p.Commit} is not in the repository at {repositoryPath}";
        return string.Equals(tree, p.Tree, StringComparison.Ordinal)
            ? null
            : $"commit {p.Commit} has tree {tree} in the repository at {repositoryPath}, the hand-over says {p.Tree}";
    }

    private static bool IsCommitId(string s) =>
        s.Length == 40 && s.All(ch => char.IsAsciiHexDigitLower(ch) || char.IsAsciiDigit(ch));
}
