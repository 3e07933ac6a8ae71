using Assessment.Core.GitHub;
using Assessment.Core.Mail;

namespace Assessment.Server.Background;

// Runs the outbox senders (mail, GitHub commit statuses) for as long as the server runs.
internal sealed class BoundaryLoops(MailSender mail, StatusSender statuses) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(mail.LoopAsync(stoppingToken), statuses.LoopAsync(stoppingToken));
}
