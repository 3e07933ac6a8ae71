using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Mail;

// Once a day per overdue emergency, until it has an outcome, the log records that it is overdue;
// the mail to the system log and the reviewers follows from that event. The real process's
// after-the-fact reviews ran years late because nobody was reminded.
internal static class OverdueReminder
{
    public const string EventType = "emergency.overdue";
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    public static async Task<int> RunAsync(AssessmentDb db, WriteGate gate, AuditLog audit, WorkflowEngine engine, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidates = await db.Patches.AsNoTracking()
            .Where(p => p.ReviewDeadline != null && p.ReviewDeadline <= now && p.OutcomeAt == null)
            .Select(p => p.Id).ToListAsync(ct);
        var reminded = 0;
        foreach (var id in candidates)
        {
            var done = await gate.RunAsync(db, async t =>
            {
                var patch = await PatchStore.LoadAsync(db, id, t);
                if (!engine.IsOverdue(patch, now)) return false;
                var last = await db.AuditEvents.AsNoTracking()
                    .Where(e => e.PatchId == id && e.Type == EventType)
                    .OrderByDescending(e => e.Sequence).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(t);
                if (last is { } at && now - at < Interval) return false;
                var days = (int)Math.Floor((now - patch.ReviewDeadline!.Value).TotalDays);
                await audit.AppendAsync(db, new AuditEntry(Principal.System, EventType,
                    new { deadline = patch.ReviewDeadline, daysOverdue = days, state = patch.State },
                    patch.Id, patch.Head, engine.For(patch).ContentHash), t);
                return true;
            }, ct);
            if (done) reminded++;
        }
        return reminded;
    }
}
