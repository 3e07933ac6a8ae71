using Assessment.Core.Mail;

namespace Assessment.Server.Background;

// Runs the outbox senders for as long as the server runs.
internal sealed class BoundaryLoops(MailSender mail) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => mail.LoopAsync(stoppingToken);
}
