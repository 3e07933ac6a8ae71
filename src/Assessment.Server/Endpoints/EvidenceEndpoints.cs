using System.Text;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Assessment.Server.Access;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Endpoints;

internal static class EvidenceEndpoints
{
    public static void MapEvidenceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit/checkpoint", async (AssessmentDb db, SigningKey key, AuditWatch watch, TimeProvider clock, CancellationToken ct) =>
        {
            await watch.EnsureIntactAsync(db, ct);
            var (sequence, hash) = await AuditLog.HeadAsync(db, ct);
            return Results.Text(Checkpoint.Sign(key, sequence, hash, clock.GetUtcNow()).ToJson(), "application/json", Encoding.UTF8);
        }).RequireAuthorization(AccessPolicies.ReadsEvidence)
          .WithSummary("The signed head of the log: keep it, and later check that the log still extends it");

        api.MapGet("/patches/{id:int}/handover", async (int id, AssessmentDb db, SigningKey key, WorkflowEngine engine,
            AuditWatch watch, TimeProvider clock, CancellationToken ct) =>
        {
            await watch.EnsureIntactAsync(db, ct);
            var patch = await PatchStore.LoadAsync(db, id, ct);
            var blessing = patch.Blessing
                ?? throw Assessment.Core.Problem.Conflict($"patch {id} is '{patch.State}': only a blessed patch has a hand-over");
            var blessedAt = await db.AuditEvents.AsNoTracking().FirstAsync(e => e.Sequence == blessing.EventSequence, ct);
            var (sequence, hash) = await AuditLog.HeadAsync(db, ct);
            var now = clock.GetUtcNow();
            var wf = engine.For(patch);
            var predicate = HandoverPredicate.FromPatch(patch, Handover.TreeOf(patch.Repository.Path, blessing.Commit),
                wf.Name, blessedAt.WorkflowHash ?? wf.ContentHash, blessedAt.Sequence, blessedAt.Hash,
                Checkpoint.Sign(key, sequence, hash, now), now);
            var envelope = Handover.Issue(key, predicate, patch.Repository.Name, blessing.Commit);
            return Results.Text(Dsse.ToJson(envelope), "application/json", Encoding.UTF8);
        }).WithSummary("The signed hand-over of a blessed patch: a DSSE envelope holding an in-toto Statement");
    }
}
