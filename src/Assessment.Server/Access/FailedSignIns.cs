using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Assessment.Server.Access;

// Failed sign-ins per client address, in fixed windows. Each failure takes a permit; the
// framework's rate limiter refuses every request of an address that has none left (429 with
// Retry-After), so successful work never uses the budget and a guess cannot be told from a
// hit while the address is refused.
internal sealed class FailedSignIns(IOptions<AccessOptions> options)
{
    private readonly ConcurrentDictionary<string, FixedWindowRateLimiter> byAddress = new(StringComparer.Ordinal);

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Record(HttpContext http)
    {
        using var _ = For(AddressOf(http)).AttemptAcquire(1);
    }

    public FixedWindowRateLimiter For(string address) => byAddress.GetOrAdd(address, _ => new FixedWindowRateLimiter(new()
    {
        PermitLimit = Math.Max(1, options.Value.FailedSignIns.PermitLimit),
        Window = TimeSpan.FromSeconds(Math.Max(1, options.Value.FailedSignIns.WindowSeconds)),
        QueueLimit = 0,
        AutoReplenishment = true,
    }));

    public static void Configure(RateLimiterOptions limiter, FailedSignIns failures, int windowSeconds)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RateLimitPartition.Get(AddressOf(http), address => new Check(failures.For(address))));
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, ct) =>
        {
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
                ? (int)Math.Ceiling(after.TotalSeconds) : windowSeconds;
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(context.HttpContext, 429, "Too many failed sign-ins",
                $"too many failed sign-ins from this address; try again in {seconds} seconds");
        };
    }

    // Asks whether the address has failures left without taking one.
    private sealed class Check(FixedWindowRateLimiter failures) : RateLimiter
    {
        public override TimeSpan? IdleDuration => failures.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => failures.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => failures.AttemptAcquire(0);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(failures.AttemptAcquire(0));
    }
}
