using System.Text;
using Assessment.Core.Audit;
using Assessment.Core;
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

        api.MapGet("/patches/{id:int}/handover", async (int id, HttpContext http, HandoverIssuer handovers, CancellationToken ct) =>
        {
            var issued = await handovers.GetOrIssueAsync(id, http.Caller().Name, ct);
            return Results.Text(issued.Document, "application/json", Encoding.UTF8);
        }).WithSummary("The signed hand-over of a blessed patch: a DSSE envelope holding an in-toto Statement, " +
            "issued once per blessing and the same bytes on every request");

        api.MapGet("/patches/{id:int}/vsa", async (int id, HttpContext http, AssessmentDb db, SigningKey key, WorkflowEngine engine,
            AuditWatch watch, CancellationToken ct) =>
        {
            await watch.EnsureIntactAsync(db, ct);
            var patch = await PatchStore.LoadAsync(db, id, ct);
            var blessing = patch.Blessing
                ?? throw Refusal.Conflict($"patch {id} is '{patch.State}': only a blessed commit has a verification summary");
            var wf = engine.For(patch);
            var workflowHash = await db.AuditEvents.AsNoTracking().Where(e => e.Sequence == blessing.EventSequence)
                .Select(e => e.WorkflowHash).FirstOrDefaultAsync(ct) ?? wf.ContentHash;
            var origin = $"{http.Request.Scheme}://{http.Request.Host}";
            var envelope = SourceVsa.Issue(key, patch, wf, workflowHash, origin, $"{origin}/workflows/{Uri.EscapeDataString(wf.Name)}.md");
            return Results.Text(Dsse.ToJson(envelope), "application/json", Encoding.UTF8);
        }).WithSummary("A SLSA Source Verification Summary Attestation for the blessed commit (DSSE envelope, in-toto Statement, " +
            "predicateType https://slsa.dev/verification_summary/v1), signed with the server's key");
    }
}
