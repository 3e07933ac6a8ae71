using Assessment.Core.Data;
using Assessment.Core.Users;

namespace Assessment.Server.Access;

// Writes the tokens' noted last-use times through the write gate once per TokenUse.Granularity,
// and once more when the server stops gracefully (the host stops this service before it disposes
// the database), so only a crash loses the last minute.
internal sealed class TokenUseWriter(TokenUse use, WriteGate gate, IServiceScopeFactory scopes, TimeProvider clock, ILogger<TokenUseWriter> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TokenUse.Granularity, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await WriteAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await WriteAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            log.LogWarning("Last use of {Tokens} tokens not written: the stop's time ran out", use.Unwritten);
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        if (use.Unwritten == 0) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var written = await use.WriteAsync(scope.ServiceProvider.GetRequiredService<AssessmentDb>(), gate, ct);
            log.LogDebug("Last use written for {Tokens} tokens", written);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Kept for the next round; a last-use time is worth no failed request or stop.
            log.LogWarning("Last use of tokens not written: {Error}", e.Message);
        }
    }
}
