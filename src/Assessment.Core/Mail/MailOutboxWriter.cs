using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Assessment.Core.Mail;

// Turns appended audit events into outbox mails, in the event's transaction: critical changes
// to the system log; emergencies also to the people who may review them; and to each person
// the patches that now wait for an action they could not take before, and to authors every move
// of their patch (unless they opted out).
internal sealed class MailOutboxWriter(IOptions<MailOptions> options, WorkflowEngine engine, TimeProvider clock) : IAuditReaction
{
    public async Task ReactAsync(AssessmentDb db, AuditEvent e, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        using var document = JsonDocument.Parse(e.Data);
        var data = document.RootElement;
        var patch = e.PatchId is { } id
            ? db.Patches.Local.FirstOrDefault(p => p.Id == id) ?? await db.Patches.AsNoTracking().WithRecords().FirstOrDefaultAsync(p => p.Id == id, ct)
            : null;

        if (MailWording.ForSystemLog(e, data, patch) is { } log && o.SystemLog.Count > 0)
        {
            Add(db, e, o.SystemLog, log);
        }
        if (patch is null) return;
        var people = await db.Users.AsNoTracking().Where(u => u.Email != null).OrderBy(u => u.Name).ToListAsync(ct);
        // An emergency waiting for its after-the-fact review concerns everyone who may review it.
        if (e.Type is "emergency.declared" or "emergency.overdue" && MailWording.ForSystemLog(e, data, patch) is { } alarm)
        {
            var reviewers = people.Where(u => engine.NextActions(patch, u).Count > 0 && u.Name != e.Actor).Select(u => u.Email!).ToList();
            if (reviewers.Count > 0) Add(db, e, reviewers, alarm);
            return;
        }
        // Only a workflow action (it names the state it led to) changes what waits for whom: a
        // comment or a delivery to GitHub does not.
        if (!data.TryGetProperty("to", out _)) return;
        var from = data.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        foreach (var person in people.Where(u => !u.MailOptOut && u.Name != e.Actor))
        {
            var now = engine.NextActions(patch, person);
            // The author hears of every move of their patch by someone else (changes requested above all).
            if (person.Name == patch.Author && from is not null && from != patch.State)
            {
                Add(db, e, [person.Email!], MailWording.ForAuthor(e, patch, from, now));
                continue;
            }
            if (now.Count == 0) continue;
            var before = from is null || from == patch.State ? (from is null ? [] : now) : ActionsIn(patch, from, person);
            var added = now.Except(before, StringComparer.Ordinal).ToList();
            if (added.Count > 0) Add(db, e, [person.Email!], MailWording.ForPerson(e, patch, added));
        }
    }

    // What the person could do while the patch was in the earlier state.
    private IReadOnlyList<string> ActionsIn(Patch patch, string state, User person)
    {
        var current = patch.State;
        try
        {
            patch.State = state;
            return engine.NextActions(patch, person);
        }
        finally
        {
            patch.State = current;
        }
    }

    private void Add(AssessmentDb db, AuditEvent e, IEnumerable<string> recipients, MailText text)
    {
        var now = clock.GetUtcNow();
        db.OutboxMails.Add(new OutboxMail
        {
            EventSequence = e.Sequence, EventHash = e.Hash, Recipients = string.Join(',', recipients.Distinct(StringComparer.OrdinalIgnoreCase)),
            Subject = text.Subject, Body = text.Body, CreatedAt = now, NextAttemptAt = now,
        });
    }
}
