using System.Text.Json;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Evidence;
using Assessment.Core.Git;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assessment.Core.Witness;

// Publishes a signed checkpoint of the log's head to the witness repository: when Interval has
// passed since the last publication and events came since, and after every production
// deployment. What is due is read from the log itself (a deployment event after the last
// witness.published event), so a crash between the deployment's commit and its publication
// loses nothing: the next round publishes it. Publication is recorded as a witness.published
// event, which the system-log mail copies; that event alone does not count as new, so
// publishing does not call for another publication. A failing witness fails no action: the
// round logs the first failure and tries again later.
internal sealed class WitnessPublisher(
    IServiceScopeFactory scopes, IOptions<WitnessOptions> options, IOptions<AssessmentOptions> assessment,
    SigningKey key, AuditWatch watch, TimeProvider clock, ILogger<WitnessPublisher> log)
{
    public const string PublishedEvent = "witness.published";
    public const string FailedEvent = "witness.failed";

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly DateTimeOffset _started = clock.GetUtcNow();
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private int _failures;

    // A pause between rounds, in real time: what is due is judged by the injected clock.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    // The server's background loop until it stops.
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
                // An exception leaving a hosted service stops the whole server: a witness must not.
                log.LogWarning(e, "witness round failed; retrying");
                await Task.Delay(Pause * 10, stoppingToken);
            }
        }
    }

    // One round: publishes when due; returns the checkpoint published, or null.
    public async Task<SignedCheckpoint?> RoundAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled) return null;
        await _one.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (now < _retryAt) return null;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
            var last = await db.AuditEvents.AsNoTracking().Where(e => e.Type == PublishedEvent)
                .OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.At }).FirstOrDefaultAsync(ct);
            var (head, hash) = await AuditLog.HeadAsync(db, ct);
            var since = last?.Sequence ?? 0;
            if (head <= since) return null;
            var hourly = now - (last?.At ?? _started) >= o.Interval;
            if (!hourly && !await DeployedSinceAsync(db, since, ct)) return null;
            // A broken chain publishes nothing (the watch has told the system log).
            if (!(await watch.CheckAsync(db, full: true, ct)).Ok) return null;
            var checkpoint = Checkpoint.Sign(key, head, hash, now);
            var json = checkpoint.ToJson();
            string commit;
            try
            {
                commit = await Task.Run(() => PublishToGit(o, checkpoint, json), ct);
            }
            catch (Exception e) when (e is WitnessException or IOException or UnauthorizedAccessException)
            {
                await FailedAsync(scope.ServiceProvider, db, o, head, e.Message, ct);
                return null;
            }
            _failures = 0;
            _retryAt = DateTimeOffset.MinValue;
            await scope.ServiceProvider.GetRequiredService<WriteGate>().RunAsync(db, t => Append(scope.ServiceProvider, db, PublishedEvent,
                new { sequence = checkpoint.Sequence, hash = checkpoint.Hash, checkpoint = json, commit, repository = o.Repository, remote = o.Remote }, t), ct);
            log.LogInformation("Checkpoint {Sequence} published to the witness repository (commit {Commit})", checkpoint.Sequence, commit);
            return checkpoint;
        }
        finally
        {
            _one.Release();
        }
    }

    private string PublishToGit(WitnessOptions o, SignedCheckpoint cp, string json)
    {
        var remote = WitnessRepository.IsRemote(o.Repository!);
        var local = remote ? Path.Combine(Path.GetFullPath(assessment.Value.DataDirectory), "witness.git") : Path.GetFullPath(o.Repository!);
        WitnessRepository.EnsureLocal(local, remote ? o.Repository : null);
        return WitnessRepository.Publish(local, remote ? o.Repository : o.Remote, o.Branch, cp.Sequence, cp.Hash, cp.At, json);
    }

    // A production deployment (or an emergency, which deploys to production) since the last publication.
    private static async Task<bool> DeployedSinceAsync(AssessmentDb db, long since, CancellationToken ct)
    {
        var data = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Sequence > since && (e.Type == "patch.deployed" || e.Type == "emergency.declared"))
            .Select(e => new { e.Type, e.Data }).ToListAsync(ct);
        return data.Any(d => d.Type == "emergency.declared" || IsProduction(d.Data));
    }

    private static bool IsProduction(string data)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String
            && kind.GetString() == DeploymentEnvironments.Production;
    }

    // The first failure of a run of failures is logged; retries back off (a minute doubling to the interval).
    private async Task FailedAsync(IServiceProvider services, AssessmentDb db, WitnessOptions o, long head, string error, CancellationToken ct)
    {
        _failures++;
        var wait = TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Min(_failures - 1, 10)), Math.Max(1, o.Interval.TotalMinutes)));
        _retryAt = clock.GetUtcNow() + wait;
        log.LogWarning("Checkpoint {Sequence} not published to the witness repository {Repository}: {Error}", head, o.Repository, error);
        if (_failures > 1) return;
        await services.GetRequiredService<WriteGate>().RunAsync(db, t => Append(services, db, FailedEvent,
            new { sequence = head, repository = o.Repository, remote = o.Remote, error = error.Length > 1000 ? error[..1000] : error }, t), ct);
    }

    private static async Task<bool> Append(IServiceProvider services, AssessmentDb db, string type, object data, CancellationToken ct)
    {
        await services.GetRequiredService<AuditLog>().AppendAsync(db, new AuditEntry("system", type, data), ct);
        return true;
    }
}
