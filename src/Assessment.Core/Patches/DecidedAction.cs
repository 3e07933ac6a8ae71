using Assessment.Core.Data;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

// What an action's decision was made on: the patch's version (every action on the patch moves
// it) and the actor's keys (a key registered or revoked adds to it; keys are never deleted).
// Read with the patch before the gate (PatchStore.LoadForActionAsync) and again inside it,
// compiled once (an EF Core query built at each action costs more CPU than its execution).
internal sealed record ActionStamp(int Version, int Keys)
{
    private static readonly PerModel<Func<AssessmentDb, int, int, CancellationToken, Task<ActionStamp?>>> Query = new(() =>
        EF.CompileAsyncQuery((AssessmentDb db, int patchId, int userId, CancellationToken ct) => db.Patches
            .Where(p => p.Id == patchId)
            .Select(p => new ActionStamp(
                p.Version,
                db.UserKeys.Count(k => k.UserId == userId) + db.UserKeys.Count(k => k.UserId == userId && k.RevokedAt != null)))
            .FirstOrDefault()));

    public static Task<ActionStamp?> ReadAsync(AssessmentDb db, int patchId, int userId, CancellationToken ct) =>
        Query.For(db)(db, patchId, userId, ct);
}

// An action decided outside the gate: the loaded patch with the record already added, the
// engine's decision and the accepted signature, waiting to be written.
internal sealed record DecidedAction(
    ActionStamp? Stamp, Patch Patch, User Actor, WorkflowDefinition Workflow, Decision Decision, WorkflowRequest Request,
    WorkflowAction Action, ActionRecord Done, AcceptedSignature? Signature)
{
    // Inside the gate, on the group's transaction: the state it was decided on is the state now
    // (the same stamp, the same workflow document).
    public async Task<bool> StillHoldsAsync(AssessmentDb db, WorkflowEngine engine, CancellationToken ct) =>
        Stamp is not null
        && ReferenceEquals(engine.For(Patch), Workflow)
        && Stamp == await ActionStamp.ReadAsync(db, Patch.Id, Actor.Id, ct);
}
