using Assessment.Core.Data;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence.Records;

// The database's records checked against its log (GET /api/audit/verify): the events read here
// are only those the check needs (action events, documents, keys), the chain itself is StoredChain's.
internal static class StoredRecords
{
    private static readonly string[] Types =
        [RecordCheck.Reviewed, RecordCheck.Tested, RecordCheck.Deployed, RecordCheck.Blessed, RecordCheck.Declared,
         LoggedEvidence.WorkflowLoaded, Personal.UserKeys.RegisteredEvent, Personal.UserKeys.RevokedEvent];

    public static async Task<List<RecordCheck.Finding>> CheckAsync(AssessmentDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var events = await db.AuditEvents.AsNoTracking().Where(e => Types.Contains(e.Type)).OrderBy(e => e.Sequence).ToListAsync(ct);
        return RecordCheck.Records(events, await LoadAsync(db, ct), LoggedEvidence.From(events));
    }

    // The documents and people's keys the log holds, for checking a hand-over's personal signatures.
    public static async Task<LoggedEvidence> EvidenceAsync(AssessmentDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var types = Types.Where(LoggedEvidence.Needed).ToArray();
        return LoggedEvidence.From(await db.AuditEvents.AsNoTracking().Where(e => types.Contains(e.Type)).OrderBy(e => e.Sequence).ToListAsync(ct));
    }

    public static async Task<List<CountedRecord>> LoadAsync(AssessmentDb db, CancellationToken ct)
    {
        var records = new List<CountedRecord>();
        records.AddRange((await db.Reviews.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct)).Select(r => new CountedRecord(
            "review", r.Id, r.PatchId, RecordCheck.Reviewed, r.By, r.Commit, r.Revision, r.Verdict, ApiRequests.Review, r.Signature, null)));
        records.AddRange((await db.Tests.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct)).Select(t => new CountedRecord(
            "test", t.Id, t.PatchId, RecordCheck.Tested, t.By, t.Commit, t.Revision, t.Result, ApiRequests.Test, t.Signature, null)));
        records.AddRange((await db.Deployments.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct)).Select(d => d.Emergency
            ? new CountedRecord("declaration", d.Id, d.PatchId, RecordCheck.Declared, d.By, d.Commit, null, null, ApiRequests.Declare, d.Signature, null)
            : new CountedRecord("deployment", d.Id, d.PatchId, RecordCheck.Deployed, d.By, d.Commit, d.Revision, d.Environment, ApiRequests.Deploy, d.Signature, null)));
        records.AddRange((await db.Blessings.AsNoTracking().OrderBy(b => b.Id).ToListAsync(ct)).Select(b => new CountedRecord(
            "blessing", b.Id, b.PatchId, RecordCheck.Blessed, b.By, b.Commit, null, null, ApiRequests.Bless, b.Signature, b.EventSequence)));
        return records;
    }
}
