using System.Net;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Octokit;

namespace Assessment.Core.GitHub;

// Delivers the commit-status outbox to GitHub, oldest first and in order per commit. GitHub
// unreachable or answering 5xx or a rate limit: the status waits (30 s doubling to an hour) and
// the patch shows why; any other refusal (4xx) is final. The first failure of a status and its
// late delivery are logged, so the log shows that GitHub did not know for a while.
internal sealed class StatusSender(IServiceScopeFactory scopes, GitHubApi api, TimeProvider clock, ILogger<StatusSender> log)
{
    public const string FailedEvent = "github.status-failed";
    public const string DeliveredEvent = "github.status-delivered";
    public const string AbandonedEvent = "github.status-abandoned";

    // A pause between rounds, in real time: due times are judged by the injected clock.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(5);

    // The server's background loop until it stops.
    public async Task LoopAsync(CancellationToken stoppingToken)
    {
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
                log.LogWarning(e, "commit status round failed; retrying");
                await Task.Delay(AfterFailure, stoppingToken);
            }
        }
    }

    public async Task<int> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var waiting = await db.GitHubStatuses.AsNoTracking().Where(s => s.SentAt == null && s.AbandonedAt == null)
            .OrderBy(s => s.Id).Take(200).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var held = new HashSet<string>(StringComparer.Ordinal); // commits with an earlier status still waiting
        var delivered = 0;
        foreach (var status in waiting)
        {
            var key = status.Repository + "@" + status.Sha;
            if (held.Contains(key) || status.NextAttemptAt > now)
            {
                held.Add(key);
                continue;
            }
            string? error = null;
            var final = false;
            try
            {
                await api.PostStatusAsync(status.Repository, status.Sha, status.State, status.Description, status.TargetUrl, ct);
            }
            catch (Exception e) when (Failure(e) is { } f && !ct.IsCancellationRequested)
            {
                (error, final) = f;
                log.LogWarning("Commit status {Id} for {Repository}@{Sha} not delivered: {Error}", status.Id, status.Repository, status.Sha, error);
            }
            await RecordAsync(db, gate, audit, status.Id, error, final, ct);
            if (error is null) delivered++;
            else held.Add(key);
        }
        return delivered;
    }

    private Task<bool> RecordAsync(AssessmentDb db, WriteGate gate, AuditLog audit, int id, string? error, bool final, CancellationToken ct) =>
        gate.RunAsync(db, async t =>
        {
            var status = await db.GitHubStatuses.FirstAsync(s => s.Id == id, t);
            var link = await db.GitHubPatches.FirstOrDefaultAsync(g => g.PatchId == status.PatchId, t);
            var newest = link is not null && link.StatusSha == status.Sha && link.StatusState == status.State
                && link.StatusDescription == status.Description;
            var now = clock.GetUtcNow();
            status.Attempts++;
            var facts = new { repository = status.Repository, sha = status.Sha, state = status.State, description = status.Description,
                              attempts = status.Attempts, error };
            if (error is null)
            {
                status.SentAt = now;
                status.LastError = null;
                if (newest)
                {
                    link!.StatusDeliveredAt = now;
                    link.StatusError = null;
                }
                if (status.Attempts > 1) await audit.AppendAsync(db, new AuditEntry("system", DeliveredEvent, facts, status.PatchId, status.Sha), t);
                return true;
            }
            status.LastError = error.Length > 1000 ? error[..1000] : error;
            if (final) status.AbandonedAt = now;
            else status.NextAttemptAt = now + Backoff(status.Attempts);
            if (newest) link!.StatusError = final ? $"GitHub refused the status: {status.LastError}" : $"not delivered yet ({status.Attempts} attempt(s)): {status.LastError}";
            if (final) await audit.AppendAsync(db, new AuditEntry("system", AbandonedEvent, facts, status.PatchId, status.Sha), t);
            else if (status.Attempts == 1) await audit.AppendAsync(db, new AuditEntry("system", FailedEvent, facts, status.PatchId, status.Sha), t);
            return true;
        }, ct);

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(attempts - 1, 10))));

    // (message, final) for what counts as GitHub failing, null for anything else (a bug: let it surface).
    private static (string, bool)? Failure(Exception e) => e switch
    {
        RateLimitExceededException or SecondaryRateLimitExceededException => (e.Message, false),
        ApiException api when api.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)api.StatusCode >= 500 =>
            ($"GitHub answered {(int)api.StatusCode}: {api.Message}", false),
        ApiException api => ($"GitHub answered {(int)api.StatusCode}: {api.Message}", true),
        HttpRequestException or TaskCanceledException or TimeoutException or IOException => (e.Message, false),
        _ => null,
    };
}
