using Assessment.Core.Audit;
using Assessment.Core.Data;

namespace Assessment.Server;

// Runs the AuditWatch: after every AuditWatch.Every appended events (from the last verified
// position) and on a timer (the whole log). Start-up runs a full check before serving
// (Hosting.StartAssessmentAsync).
internal sealed class AuditSelfCheck(AuditWatch watch, IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditSelfCheck> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && watch.Broken is null)
        {
            bool full;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var due = watch.Due.WaitAsync(wait.Token);
                var timer = Task.Delay(Interval, clock, wait.Token);
                var first = await Task.WhenAny(due, timer);
                full = first == timer;
                await wait.CancelAsync();
                await Task.WhenAll(due, timer).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                if (stoppingToken.IsCancellationRequested) return;
            }
            await using var scope = scopes.CreateAsyncScope();
            var result = await watch.CheckAsync(scope.ServiceProvider.GetRequiredService<AssessmentDb>(), full, stoppingToken);
            if (result.Ok) log.LogDebug("Audit log verified: {Events} events", result.Events);
        }
    }
}
