using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Workflow;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Assessment.Core.Mail;

// Delivers the outbox: due mails, oldest first; a refusal or an unreachable server pushes the
// mail's next attempt back (30 s doubling to an hour). A mail is marked sent only after the SMTP
// server accepted it, so a restart resends at most the mail in flight, under the same
// Message-ID, never one already marked.
internal sealed class MailSender(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailSender> log)
{
    // A pause between rounds, in real time: due times are judged by the injected clock.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(5);

    // The service's background loop (hosted by the server) until it stops.
    public async Task LoopAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stoppingToken);
                await Task.Delay(Pause, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (the database unreadable, the disk read-only), the loop must go on:
                // an exception leaving a hosted service stops the whole server.
                log.LogWarning(e, "mail round failed; retrying");
                await Task.Delay(AfterFailure, stoppingToken);
            }
        }
    }

    public async Task RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AssessmentDb>();
        var gate = services.GetRequiredService<WriteGate>();
        await OverdueReminder.RunAsync(db, gate, services.GetRequiredService<AuditLog>(), services.GetRequiredService<WorkflowEngine>(), clock, ct);
        var now = clock.GetUtcNow();
        var due = await db.OutboxMails.AsNoTracking().Where(m => m.SentAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.Id).Take(100).ToListAsync(ct);
        if (due.Count == 0) return;
        using var smtp = new SmtpClient();
        try
        {
            await smtp.ConnectAsync(options.Value.Host!, options.Value.Port, SecureSocketOptions.Auto, ct);
        }
        catch (Exception e) when (IsDeliveryFailure(e))
        {
            foreach (var mail in due) await RecordAsync(db, gate, mail.Id, $"cannot connect to {options.Value.Host}:{options.Value.Port}: {e.Message}", ct);
            return;
        }
        foreach (var mail in due)
        {
            string? error = null;
            try
            {
                await smtp.SendAsync(Compose(mail), ct);
            }
            catch (Exception e) when (IsDeliveryFailure(e) || e is ParseException)
            {
                error = e.Message;
            }
            await RecordAsync(db, gate, mail.Id, error, ct);
        }
        await smtp.DisconnectAsync(quit: true, ct);
    }

    private MimeMessage Compose(OutboxMail mail)
    {
        var from = MailboxAddress.Parse(options.Value.From);
        var message = new MimeMessage { Subject = mail.Subject, Body = new TextPart("plain") { Text = mail.Body } };
        message.From.Add(from);
        foreach (var to in mail.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries)) message.To.Add(MailboxAddress.Parse(to));
        var domain = from.Address.Contains('@', StringComparison.Ordinal) ? from.Address[(from.Address.IndexOf('@', StringComparison.Ordinal) + 1)..] : "localhost";
        // The same mail always carries the same Message-ID: an archive can tell a resend from a new mail.
        message.MessageId = $"assessment.{mail.Id}.event{mail.EventSequence}@{domain}";
        message.Headers.Add("X-Assessment-Event", $"{mail.EventSequence} {mail.EventHash}");
        message.Date = mail.CreatedAt;
        return message;
    }

    private Task<bool> RecordAsync(AssessmentDb db, WriteGate gate, int id, string? error, CancellationToken ct) =>
        gate.RunAsync(db, async t =>
        {
            var mail = await db.OutboxMails.FirstAsync(m => m.Id == id, t);
            var now = clock.GetUtcNow();
            mail.Attempts++;
            if (error is null)
            {
                mail.SentAt = now;
                mail.LastError = null;
            }
            else
            {
                mail.LastError = error.Length > 1000 ? error[..1000] : error;
                mail.NextAttemptAt = now + Backoff(mail.Attempts);
            }
            return true;
        }, ct);

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(attempts - 1, 10))));

    private static bool IsDeliveryFailure(Exception e) =>
        e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException
            or AuthenticationException or SslHandshakeException or MailKit.ServiceNotConnectedException or TimeoutException;
}
