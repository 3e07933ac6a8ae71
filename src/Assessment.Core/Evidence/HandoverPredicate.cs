using System.Text.Json.Serialization;
using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Workflow;

namespace Assessment.Core.Evidence;

// What the assessor hands over to the sysadmins: everything they must check before deploying,
// bound to one exact commit and tree. Only records about the blessed head count.
internal sealed record HandoverPredicate(
    int PatchId,
    string Kind,
    string Title,
    string Repository,
    string Base,
    string Commit,
    string Tree,
    string? Author,
    IReadOnlyList<HandoverReview> Reviewers,
    IReadOnlyList<HandoverTest> Testers,
    IReadOnlyList<HandoverDeployment> TestDeployments,
    string BlessedBy,
    DateTimeOffset BlessedAt,
    string BlessingComment,
    HandoverWorkflow Workflow,
    HandoverLogPosition Log,
    SignedCheckpoint Checkpoint,
    DateTimeOffset IssuedAt,
    PersonalSignature? BlessingSignature = null)
{
    public static HandoverPredicate FromPatch(
        Patch patch, string tree, string workflowName, string workflowHash,
        long logSequence, string logHash, SignedCheckpoint checkpoint, DateTimeOffset issuedAt,
        Func<ISignedRecord, string, string, DateTimeOffset, long?, PersonalSignature?>? signatureOf = null,
        IReadOnlyDictionary<ISignedRecord, long>? events = null)
    {
        // The event that recorded each record (null where unknown): a key is in force by the log's order.
        long? EventOf(ISignedRecord record) => events is not null && events.TryGetValue(record, out var e) ? e : null;
        // The person's signature of each record, and whether the document required one (null: neither).
        PersonalSignature? Signed(ISignedRecord record, string request, string by, DateTimeOffset at, long? sequence) =>
            signatureOf?.Invoke(record, request, by, at, sequence);
        ArgumentNullException.ThrowIfNull(patch);
        var blessing = patch.Blessing
            ?? throw new InvalidOperationException($"patch {patch.Id} has no blessing: there is nothing to hand over");
        // A blessing of another commit than the head would hand over code nobody blessed.
        if (!string.Equals(blessing.Commit, patch.Head, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"patch {patch.Id} was blessed at {blessing.Commit} but its head is {patch.Head}");
        }
        // EF leaves the navigation null unless the query included it.
        var repository = patch.Repository
            ?? throw new InvalidOperationException($"patch {patch.Id} was loaded without its repository");
        bool Current(int revision, string commit) =>
            revision == patch.Revision && string.Equals(commit, patch.Head, StringComparison.Ordinal);

        var reviewers = patch.Reviews
            .Where(r => Current(r.Revision, r.Commit) && string.Equals(r.Verdict, Verdicts.Approve, StringComparison.Ordinal))
            .OrderBy(r => r.At).ThenBy(r => r.By, StringComparer.Ordinal)
            .Select(r => new HandoverReview(r.By, r.Verdict, r.Commit, r.At, Signed(r, ApiRequests.ReviewWith(r.Verdict), r.By, r.At, EventOf(r)), EventOf(r)))
            .ToList();
        var testers = patch.Tests
            .Where(t => Current(t.Revision, t.Commit) && string.Equals(t.Result, Verdicts.Pass, StringComparison.Ordinal))
            .OrderBy(t => t.At).ThenBy(t => t.By, StringComparer.Ordinal)
            .Select(t => new HandoverTest(t.By, t.Result, t.Commit, t.At, Signed(t, ApiRequests.TestWith(t.Result), t.By, t.At, EventOf(t)), EventOf(t)))
            .ToList();
        var deployments = patch.Deployments
            .Where(d => Current(d.Revision, d.Commit)
                && string.Equals(d.EnvironmentKind, DeploymentEnvironments.Test, StringComparison.Ordinal))
            .OrderBy(d => d.At).ThenBy(d => d.Environment, StringComparer.Ordinal)
            .Select(d => new HandoverDeployment(d.Environment, d.Commit, d.By, d.At, Signed(d, ApiRequests.DeployTo(d.EnvironmentKind), d.By, d.At, EventOf(d)), EventOf(d)))
            .ToList();

        return new HandoverPredicate(
            patch.Id, patch.Kind, patch.Title, repository.Name, patch.Base, patch.Head, tree, patch.Author,
            reviewers, testers, deployments,
            blessing.By, blessing.At, blessing.Comment,
            new HandoverWorkflow(workflowName, workflowHash),
            new HandoverLogPosition(logSequence, logHash),
            checkpoint, issuedAt, Signed(blessing, ApiRequests.Bless, blessing.By, blessing.At, logSequence));
    }
}

// Signature: the person's own signature of the record, when it has one or the document required one.
// Event: the sequence of the log event that recorded it (null in hand-overs issued before it was given).
internal sealed record HandoverReview(string By, string Verdict, string Commit, DateTimeOffset At, PersonalSignature? Signature = null, long? Event = null);

internal sealed record HandoverTest(string By, string Result, string Commit, DateTimeOffset At, PersonalSignature? Signature = null, long? Event = null);

internal sealed record HandoverDeployment(string Environment, string Commit, string By, DateTimeOffset At, PersonalSignature? Signature = null, long? Event = null);

// Required: the document asked for the person's signature when the record was made; Envelope
// null: the record has none (a verifier then fails it if it was required).
internal sealed record PersonalSignature(bool Required, DsseEnvelope? Envelope);

internal sealed record HandoverWorkflow(string Name, string ContentHash);

internal sealed record HandoverLogPosition(long Sequence, string Hash);

// The in-toto Statement v1 that carries the predicate (github.com/in-toto/attestation).
internal sealed record InTotoStatement(
    [property: JsonPropertyName("_type")] string Type,
    IReadOnlyList<InTotoSubject> Subject,
    string PredicateType,
    HandoverPredicate Predicate);

internal sealed record InTotoSubject(string Name, IReadOnlyDictionary<string, string> Digest);
