using System.Globalization;
using Assessment.Core.Audit;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Records;
using Assessment.Core.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Assessment.Server.Endpoints;

internal static class AuditEndpoints
{
    // Data is the event's details as JSON; DataText is the exact text the hash covers, and At the
    // exact time text of a format-2 event, so that anyone holding the events can recompute the
    // chain without trusting this server (docs/evidence-format.md).
    internal sealed record EventView(long Sequence, int Format, string At, string Actor, string Type, int? Patch, string? Commit,
        string? WorkflowHash, System.Text.Json.JsonElement Data, string DataText, string PreviousHash, string Hash);

    // Records: the first ListedRecords records that do not match their event or their signature
    // (empty when all do); RecordsTotal counts them all, and RecordsNote says when more exist than are listed.
    internal sealed record VerifyAnswer(bool Ok, long Events, long? FirstBadEvent, string? Detail, string? Head, IReadOnlyList<RecordProblem> Records,
        long RecordsTotal, string? RecordsNote);

    internal const int ListedRecords = 100;

    internal sealed record RecordProblem(long? Event, string Detail);

    // Format 1 hashed .NET ticks: its time is given to the tick (seven digits).
    internal static string EventTime(AuditEvent e) => e.Format == AuditFormat.Legacy
        ? e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)
        : CanonicalEvent.Time(e.At);

    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit/events", async (int? patch, long? after, int? limit, string? type, AssessmentDb db, CancellationToken ct) =>
        {
            var query = db.AuditEvents.AsNoTracking().Where(e => e.Sequence > (after ?? 0));
            if (patch is { } id) query = query.Where(e => e.PatchId == id);
            if (type is not null) query = query.Where(e => e.Type == type);
            var take = Math.Clamp(limit ?? 10_000, 1, 100_000);
            var events = await query.OrderBy(e => e.Sequence).Take(take).ToListAsync(ct);
            return Results.Ok(events.Select(e => new EventView(e.Sequence, e.Format, EventTime(e), e.Actor, e.Type, e.PatchId, e.Commit,
                e.WorkflowHash, System.Text.Json.JsonDocument.Parse(e.Data).RootElement, e.Data, e.PreviousHash, e.Hash)));
        }).WithSummary("The append-only event log, oldest first (page with 'after' and 'limit'; 'type' keeps the events of one type, e.g. workflow.loaded)");

        api.MapGet("/audit/verify", async ([FromQuery(Name = "since-sequence")] long? sinceSequence, [FromQuery(Name = "since-hash")] string? sinceHash,
            AssessmentDb db, HttpContext http, WriteGate gate, AuditLog audit, IOptions<MailOptions> mail, CancellationToken ct) =>
        {
            var result = await StoredChain.VerifyAsync(db, ct);
            if (sinceSequence is { } seq)
            {
                if (string.IsNullOrWhiteSpace(sinceHash)) throw Refusal.Malformed("since-hash: required with since-sequence");
                result = Checkpoint.VerifyExtends(seq, sinceHash.Trim(), result,
                    s => db.AuditEvents.AsNoTracking().Where(e => e.Sequence == s).Select(e => e.Hash).FirstOrDefault());
            }
            // The records that count against the log and the people's signatures: a row written
            // behind the server's back is named even when the chain itself is intact. "head" is
            // given whenever the chain verifies, so a checkpoint can still be compared with it.
            var findings = result.Ok ? await StoredRecords.CheckAsync(db, ListedRecords, ct) : new RecordFindings(ListedRecords);
            var records = findings.First.Select(f => new RecordProblem(f.Event, f.Detail)).ToList();
            var note = findings.More
                ? string.Create(CultureInfo.InvariantCulture, $"{findings.Total:N0} records do not match; only the first {records.Count} are listed")
                : null;
            // With mail configured, a broken log is logged and the system log is told.
            if (!result.Ok && mail.Value.Enabled && result.FirstBadEvent is { } bad)
            {
                await VerificationAlarm.RecordAsync(db, gate, audit, http.Caller().Name, bad, result.Detail, ct);
            }
            return Results.Ok(result.Ok && findings.Total == 0
                ? new VerifyAnswer(true, result.Events, null, null, result.HeadHash, records, 0, null)
                : new VerifyAnswer(false, result.Events, result.FirstBadEvent ?? findings.FirstEvent,
                    result.Detail ?? records[0].Detail, result.Ok ? result.HeadHash : null, records, findings.Total, note));
        }).WithSummary("Recompute the hash chain, naming the first event that does not match, and check every review, test, " +
            "deployment and blessing against its event and its personal signature; with since-sequence and " +
            "since-hash, also check that the log still extends an earlier checkpoint");
    }
}
