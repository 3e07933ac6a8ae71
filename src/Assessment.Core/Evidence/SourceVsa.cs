using System.Text.Json;
using System.Text.Json.Serialization;
using Assessment.Core.Data;
using Assessment.Core.Workflow;

namespace Assessment.Core.Evidence;

// A SLSA Source Verification Summary Attestation (slsa.dev/spec/v1.2, verification_summary/v1)
// for a blessed commit, so that build systems that already require VSAs can require "assessed".
// Signed like the hand-over: the server's key, a DSSE envelope, an in-toto Statement v1.
internal static class SourceVsa
{
    public const string PredicateType = "https://slsa.dev/verification_summary/v1";
    public const string TwoPartyReviewed = "SLSA_SOURCE_TWO_PARTY_REVIEWED";

    // The organisation's own property (not SLSA_-prefixed, as the spec reserves that prefix):
    // the commit went through the workflow document named under policy and was blessed.
    public const string Blessed = "ASSESSMENT_BLESSED";

    public static DsseEnvelope Issue(SigningKey key, Patch patch, WorkflowDefinition workflow, string workflowHash, string verifierId, string policyUri)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(workflow);
        var blessing = patch.Blessing ?? throw new InvalidOperationException($"patch {patch.Id} is not blessed");
        var levels = new List<string> { Blessed };
        if (TwoPartyDemanded(workflow) && DistinctReviewers(patch, blessing.Commit) >= 2) levels.Add(TwoPartyReviewed);
        var predicate = new VsaPredicate(
            new VsaVerifier(verifierId),
            blessing.At,
            "git+file://" + patch.Repository.Path,
            new VsaPolicy(policyUri, new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = workflowHash }),
            "PASSED",
            levels,
            "1.2");
        var statement = new VsaStatement(Handover.StatementType,
            [new InTotoSubject(patch.Repository.Name, new Dictionary<string, string>(StringComparer.Ordinal) { ["gitCommit"] = blessing.Commit })],
            PredicateType, predicate);
        return Dsse.Sign(key, Handover.PayloadType, JsonSerializer.SerializeToUtf8Bytes(statement, EvidenceJson.Options));
    }

    // The document demanded two distinct reviewers other than the author: a count of at least
    // two of the approving action, which the author (or the commit's author) may not take. Read from the document, so a
    // workflow that asks for one reviewer issues no such claim.
    public static bool TwoPartyDemanded(WorkflowDefinition workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return workflow.Counts.Any(c => c.AtLeast >= 2
            && string.Equals(c.OfAction, Verdicts.Approve, StringComparison.Ordinal)
            && workflow.FindAction(c.OfAction) is { } action
            && action.NotBy.Any(n => n is Principal.Author or Principal.CommitAuthor));
    }

    private static int DistinctReviewers(Patch patch, string commit) =>
        patch.Reviews
            .Where(r => r.Revision == patch.Revision && string.Equals(r.Commit, commit, StringComparison.Ordinal)
                && string.Equals(r.Verdict, Verdicts.Approve, StringComparison.Ordinal)
                && !string.Equals(r.By, patch.Author, StringComparison.Ordinal))
            .Select(r => r.By).Distinct(StringComparer.Ordinal).Count();
}

internal sealed record VsaStatement(
    [property: JsonPropertyName("_type")] string Type,
    IReadOnlyList<InTotoSubject> Subject,
    string PredicateType,
    VsaPredicate Predicate);

internal sealed record VsaPredicate(
    VsaVerifier Verifier,
    DateTimeOffset TimeVerified,
    string ResourceUri,
    VsaPolicy Policy,
    string VerificationResult,
    IReadOnlyList<string> VerifiedLevels,
    string SlsaVersion);

internal sealed record VsaVerifier(string Id);

internal sealed record VsaPolicy(string Uri, IReadOnlyDictionary<string, string> Digest);
