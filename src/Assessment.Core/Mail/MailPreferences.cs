using Assessment.Core.Audit;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Mail;

// A person may turn off the mails about patches waiting for them; the system log is not theirs to turn off.
internal static class MailPreferences
{
    public static Task<bool> SetAsync(AssessmentDb db, WriteGate gate, AuditLog audit, User actor, bool? personal, CancellationToken ct)
    {
        if (personal is not { } wanted) throw Refusal.Malformed("personal: required, true or false");
        return gate.RunAsync(db, async t =>
        {
            var user = await db.Users.FirstAsync(u => u.Id == actor.Id, t);
            user.MailOptOut = !wanted;
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "user.mail-changed", new { name = actor.Name, personal = wanted }), t);
            return wanted;
        }, ct);
    }
}
