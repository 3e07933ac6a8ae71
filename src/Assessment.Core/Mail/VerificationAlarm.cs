using System.Text.Json;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Mail;

// A verification that found the log broken is itself logged (once per first bad event), and the
// system log is mailed about it from that event.
internal static class VerificationAlarm
{
    public const string EventType = "audit.verification-failed";

    public static Task<bool> RecordAsync(
        AssessmentDb db, WriteGate gate, AuditLog audit, string actor, long firstBadEvent, string? detail, CancellationToken ct) =>
        gate.RunAsync(db, async t =>
        {
            var earlier = await db.AuditEvents.AsNoTracking().Where(e => e.Type == EventType).Select(e => e.Data).ToListAsync(t);
            if (earlier.Any(d => Names(d, firstBadEvent)))
            {
                return false;
            }
            await audit.AppendAsync(db, new AuditEntry(actor, EventType, new { firstBadEvent, detail }), t);
            return true;
        }, ct);

    private static bool Names(string data, long sequence)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.TryGetProperty("firstBadEvent", out var f) && f.TryGetInt64(out var n) && n == sequence;
    }
}
