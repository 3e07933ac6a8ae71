using System.Security.Cryptography;
using System.Text;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence;

// One hand-over per blessing: signed the first time it is asked for, stored with an event in
// the log that names its digest, and returned unchanged ever after. A document signed afresh on
// every request would leave the sysadmin's copy and the auditor's copy different.
internal sealed class HandoverIssuer(
    AssessmentDb db, WorkflowEngine engine, WriteGate gate, AuditLog audit, SigningKey key, AuditWatch watch, TimeProvider clock)
{
    public const string EventType = "handover.issued";

    public async Task<IssuedHandover> GetOrIssueAsync(int id, string actor, CancellationToken ct)
    {
        var patch = await PatchStore.LoadAsync(db, id, ct);
        var blessing = patch.Blessing
            ?? throw Refusal.Conflict($"patch {id} is '{patch.State}': only a blessed patch has a hand-over");
        watch.EnsureNotBroken();
        if (await StoredAsync(blessing.EventSequence, ct) is { } stored) return stored;

        // Signed outside the gate over the committed log; only the first one is kept.
        await watch.EnsureIntactAsync(db, ct);
        var blessedAt = await db.AuditEvents.AsNoTracking().FirstAsync(e => e.Sequence == blessing.EventSequence, ct);
        var (sequence, hash) = await AuditLog.HeadAsync(db, ct);
        var now = clock.GetUtcNow();
        var wf = engine.For(patch);
        var predicate = HandoverPredicate.FromPatch(patch, Handover.TreeOf(patch.Repository.Path, blessing.Commit),
            wf.Name, blessedAt.WorkflowHash ?? wf.ContentHash, blessedAt.Sequence, blessedAt.Hash,
            Checkpoint.Sign(key, sequence, hash, now), now,
            Personal.HandoverSignatures.Issuing(wf, await Personal.HandoverSignatures.KeysAsync(db, ct)), await HandoverEvents.OfAsync(db, patch, ct));
        var document = Dsse.ToJson(Handover.Issue(key, predicate, patch.Repository.Name, blessing.Commit));
        var issued = new IssuedHandover
        {
            PatchId = id, BlessingEvent = blessing.EventSequence, Document = document, Digest = DigestOf(document),
            KeyId = key.KeyId, IssuedAt = now,
        };
        return await gate.RunAsync(db, async t =>
        {
            if (await StoredAsync(blessing.EventSequence, t) is { } first) return first;
            db.Handovers.Add(issued);
            await audit.AppendAsync(db, new AuditEntry(actor, EventType,
                new { digest = issued.Digest, keyId = key.KeyId, blessingEvent = blessing.EventSequence, checkpoint = sequence },
                PatchId: id, Commit: blessing.Commit), t);
            return issued;
        }, ct);
    }

    // The digest a deployment names: SHA-256 over the document's bytes as served (UTF-8).
    public static string DigestOf(string document) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    private Task<IssuedHandover?> StoredAsync(long blessingEvent, CancellationToken ct) =>
        db.Handovers.AsNoTracking().FirstOrDefaultAsync(h => h.BlessingEvent == blessingEvent, ct);
}
