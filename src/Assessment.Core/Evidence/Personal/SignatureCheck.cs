using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;

namespace Assessment.Core.Evidence.Personal;

// The patch services' signature check (Patches.ISignatureCheck), answered here.
internal sealed class SignatureCheck : ISignatureCheck
{
    public Task<AcceptedSignature?> CheckAsync(
        AssessmentDb db, User actor, WorkflowDefinition wf, string action, string repository, int? patchId, int revision, string commit,
        SignedRequest request, DateTimeOffset now, CancellationToken ct) =>
        ActionSignatures.CheckAsync(db, actor, wf, action, repository, patchId, revision, commit, request, now, ct);
}
