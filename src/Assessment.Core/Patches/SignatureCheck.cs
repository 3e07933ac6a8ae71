using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Workflow;

namespace Assessment.Core.Patches;

// What an action's request says, for its signature to be checked against: Action is API.md's
// word (review, test, deploy, bless, declare), Verdict what ActionPredicate says it is.
internal sealed record SignedRequest(string Action, string? Verdict, JsonElement? Envelope);

// A signature the server accepted: kept with the record, and its digest and key in the event.
internal sealed record AcceptedSignature(string KeyId, string Envelope, string Digest);

// The check of a person's signature of an action, made before anything is recorded. The patch
// services ask it; the evidence code answers it (Evidence/Personal), so that patches need not
// know evidence, which reads patches.
internal interface ISignatureCheck
{
    Task<AcceptedSignature?> CheckAsync(
        AssessmentDb db, User actor, WorkflowDefinition wf, string action, string repository, int? patchId, int revision, string commit,
        SignedRequest request, DateTimeOffset now, CancellationToken ct);
}
