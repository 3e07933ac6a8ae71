using Assessment.Core.Data;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence.Records;

// The database's records checked against its log (GET /api/audit/verify): the events read here
// are only those the check needs (action events, documents, keys), the chain itself is StoredChain's.
// A record is matched only with events of its own patch, so the check walks the patches in
// batches (keyset over the patch id, ranges (after, upTo] that together cover every id, so a
// record or event whose patch row is gone is still checked) and keeps nothing between batches
// but the findings' tally: the whole log at once peaked near 2 GB on 1,095,003 events.
internal static class StoredRecords
{
    // At most this many patches, and about this many action events, in memory at once.
    private const int PatchBatch = 1_000, EventBatch = 20_000;

    private static readonly string[] ActionTypes =
        [RecordCheck.Reviewed, RecordCheck.Tested, RecordCheck.Deployed, RecordCheck.Blessed, RecordCheck.Declared];

    private static readonly string[] EvidenceTypes =
        [LoggedEvidence.WorkflowLoaded, Personal.UserKeys.RegisteredEvent, Personal.UserKeys.RevokedEvent];

    public static Task<RecordFindings> CheckAsync(AssessmentDb db, int listed, CancellationToken ct) =>
        CheckAsync(db, listed, PatchBatch, EventBatch, ct);

    // Smaller batches in a test show that batching changes no finding.
    internal static async Task<RecordFindings> CheckAsync(AssessmentDb db, int listed, int patchBatch, int eventBatch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var evidence = await EvidenceAsync(db, ct);
        var findings = new RecordFindings(listed);
        foreach (var problem in evidence.Problems) findings.Add(new RecordCheck.Finding(null, problem));
        for (var after = int.MinValue; ;)
        {
            var upTo = await BoundaryAsync(db, after, patchBatch, eventBatch, ct);
            var from = after;
            var events = await db.AuditEvents.AsNoTracking()
                .Where(e => ActionTypes.Contains(e.Type) && e.PatchId > from && e.PatchId <= upTo).OrderBy(e => e.Sequence).ToListAsync(ct);
            foreach (var f in RecordCheck.Records(events, await LoadAsync(db, from, upTo, ct), evidence)) findings.Add(f);
            if (upTo == int.MaxValue) break;
            after = upTo;
        }
        // An action event about no patch has no record to match; it is judged on its own.
        var loose = await db.AuditEvents.AsNoTracking().Where(e => ActionTypes.Contains(e.Type) && e.PatchId == null)
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        foreach (var f in RecordCheck.Records(loose, [], evidence)) findings.Add(f);
        return findings;
    }

    // The end of the next batch after `after`: its patchBatch-th patch, or sooner where the log holds
    // eventBatch action events before that; int.MaxValue when the rest fits in one batch.
    private static async Task<int> BoundaryAsync(AssessmentDb db, int after, int patchBatch, int eventBatch, CancellationToken ct)
    {
        var patches = await db.Patches.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id).Select(p => (int?)p.Id)
            .Skip(patchBatch - 1).FirstOrDefaultAsync(ct);
        var events = await db.AuditEvents.AsNoTracking().Where(e => ActionTypes.Contains(e.Type) && e.PatchId > after)
            .OrderBy(e => e.PatchId).Select(e => e.PatchId).Skip(eventBatch - 1).FirstOrDefaultAsync(ct);
        return Math.Min(patches ?? int.MaxValue, events ?? int.MaxValue);
    }

    // The documents and people's keys the log holds, for checking a hand-over's personal signatures.
    public static async Task<LoggedEvidence> EvidenceAsync(AssessmentDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return LoggedEvidence.From(await db.AuditEvents.AsNoTracking().Where(e => EvidenceTypes.Contains(e.Type)).OrderBy(e => e.Sequence).ToListAsync(ct));
    }

    // The records of the patches in (after, upTo].
    private static async Task<List<CountedRecord>> LoadAsync(AssessmentDb db, int after, int upTo, CancellationToken ct)
    {
        var records = new List<CountedRecord>();
        records.AddRange((await db.Reviews.AsNoTracking().Where(r => r.PatchId > after && r.PatchId <= upTo).OrderBy(r => r.Id).ToListAsync(ct))
            .Select(r => new CountedRecord("review", r.Id, r.PatchId, RecordCheck.Reviewed, r.By, r.Commit, r.Revision, r.Verdict, ApiRequests.Review, r.Signature, null)));
        records.AddRange((await db.Tests.AsNoTracking().Where(t => t.PatchId > after && t.PatchId <= upTo).OrderBy(t => t.Id).ToListAsync(ct))
            .Select(t => new CountedRecord("test", t.Id, t.PatchId, RecordCheck.Tested, t.By, t.Commit, t.Revision, t.Result, ApiRequests.Test, t.Signature, null)));
        records.AddRange((await db.Deployments.AsNoTracking().Where(d => d.PatchId > after && d.PatchId <= upTo).OrderBy(d => d.Id).ToListAsync(ct))
            .Select(d => d.Emergency
                ? new CountedRecord("declaration", d.Id, d.PatchId, RecordCheck.Declared, d.By, d.Commit, null, null, ApiRequests.Declare, d.Signature, null)
                : new CountedRecord("deployment", d.Id, d.PatchId, RecordCheck.Deployed, d.By, d.Commit, d.Revision, d.Environment, ApiRequests.Deploy, d.Signature, null)));
        records.AddRange((await db.Blessings.AsNoTracking().Where(b => b.PatchId > after && b.PatchId <= upTo).OrderBy(b => b.Id).ToListAsync(ct))
            .Select(b => new CountedRecord("blessing", b.Id, b.PatchId, RecordCheck.Blessed, b.By, b.Commit, null, null, ApiRequests.Bless, b.Signature, b.EventSequence)));
        return records;
    }
}
