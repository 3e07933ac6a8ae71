using Assessment.Core.GitHub;
using Assessment.Core.Mail;
using Assessment.Core.Witness;

namespace Assessment.Server.Background;

// Runs the outbox senders (mail, GitHub commit statuses) and the witness publisher for as long as the server runs.
internal sealed class BoundaryLoops(MailSender mail, StatusSender statuses, WitnessPublisher witness) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(mail.LoopAsync(stoppingToken), statuses.LoopAsync(stoppingToken), witness.LoopAsync(stoppingToken));
}
