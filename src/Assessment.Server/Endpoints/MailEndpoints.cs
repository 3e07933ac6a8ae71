using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Mail;
using Assessment.Server.Access;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Endpoints;

internal static class MailEndpoints
{
    internal sealed record MailSetting(bool? Personal);
    internal sealed record OutboxMailView(int Id, long Event, string Recipients, string Subject, DateTimeOffset CreatedAt,
        int Attempts, DateTimeOffset? SentAt, DateTimeOffset NextAttemptAt, string? LastError);

    public static void MapMailEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/me/mail", async (MailSetting body, HttpContext http, AssessmentDb db, WriteGate gate, AuditLog audit, CancellationToken ct) =>
        {
            var personal = await MailPreferences.SetAsync(db, gate, audit, http.Caller(), body.Personal, ct);
            return Results.Ok(new { personal });
        }).WithSummary("Turn the mails about patches waiting for you on or off");

        api.MapGet("/mail/outbox", async (bool? pending, AssessmentDb db, CancellationToken ct) =>
        {
            var query = db.OutboxMails.AsNoTracking();
            if (pending == true) query = query.Where(m => m.SentAt == null);
            var mails = await query.OrderBy(m => m.Id).Take(1000).ToListAsync(ct);
            return Results.Ok(mails.Select(m => new OutboxMailView(m.Id, m.EventSequence, m.Recipients, m.Subject, m.CreatedAt,
                m.Attempts, m.SentAt, m.NextAttemptAt, m.LastError)));
        }).RequireAuthorization(AccessPolicies.Administers).WithSummary("The mail outbox (admin): what waits for the SMTP server, and why");
    }
}
