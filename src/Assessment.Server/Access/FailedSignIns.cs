using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Assessment.Server.Access;

// Failed sign-ins per client address, in fixed windows on the server's clock. The framework's
// rate limiter refuses every request of an address that has used up its failures (429 with
// Retry-After), so successful work never uses the budget and a guess cannot be told from a hit
// while the address is refused. An address is remembered only while its window is open: a
// sweep, at most once per window, forgets the rest, so a scan from many addresses costs memory
// for one window only. IPv6 clients are counted per /64, the block one subscriber usually holds.
internal sealed class FailedSignIns(IOptions<AccessOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> byAddress = new(StringComparer.Ordinal);
    private long nextSweepTicks;

    private int Limit => Math.Max(1, options.Value.FailedSignIns.PermitLimit);

    private TimeSpan Length => TimeSpan.FromSeconds(Math.Max(1, options.Value.FailedSignIns.WindowSeconds));

    // The addresses remembered now (for tests and diagnostics).
    public int Remembered => byAddress.Count;

    public static string AddressOf(HttpContext http) => Key(http.Connection.RemoteIpAddress);

    public static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public void Record(HttpContext http)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        byAddress.AddOrUpdate(AddressOf(http), _ => new Window(now, 1),
            (_, open) => open.EndsBy(now, Length) ? new Window(now, 1) : open with { Failures = open.Failures + 1 });
    }

    // How long the address must wait before it may try again; null while it has failures left.
    public TimeSpan? RefusedFor(string address)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        if (!byAddress.TryGetValue(address, out var open) || open.EndsBy(now, Length) || open.Failures < Limit) return null;
        return open.Start + Length - now;
    }

    private void Sweep(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextSweepTicks, (now + Length).UtcTicks, due) != due) return;
        foreach (var entry in byAddress)
        {
            // Removes the entry only if no failure was added to it meanwhile.
            if (entry.Value.EndsBy(now, Length)) byAddress.TryRemove(entry);
        }
    }

    public static void Configure(RateLimiterOptions limiter, FailedSignIns failures)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RateLimitPartition.Get(AddressOf(http), address => new Check(failures, address)));
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, ct) =>
        {
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : failures.Length;
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(context.HttpContext, 429, "Too many failed sign-ins",
                $"too many failed sign-ins from this address; try again in {seconds} seconds");
        };
    }

    private sealed record Window(DateTimeOffset Start, int Failures)
    {
        public bool EndsBy(DateTimeOffset now, TimeSpan length) => Start + length <= now;
    }

    // The framework's partition for one address: asks whether the address has failures left
    // without taking one. It holds no state of its own, so the framework may drop it when idle.
    private sealed class Check(FailedSignIns failures, string address) : RateLimiter
    {
        private long lastUse = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref lastUse));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref lastUse, Stopwatch.GetTimestamp());
            return failures.RefusedFor(address) is { } wait ? new Lease(false, wait) : new Lease(true, null);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(permitCount));
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && string.Equals(metadataName, MetadataName.RetryAfter.Name, StringComparison.Ordinal);
        }
    }
}
