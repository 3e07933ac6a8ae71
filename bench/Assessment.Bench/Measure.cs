using System.Diagnostics;

namespace Assessment.Bench;

internal sealed record Measurement(
    IReadOnlyList<double> Milliseconds, IReadOnlyList<double> CpuMilliseconds, long AllocatedBytes, long PeakWorkingSet)
{
    public double Median => MedianOf(Milliseconds);

    public double Min => Milliseconds.Min();

    public double CpuMedian => MedianOf(CpuMilliseconds);

    private static double MedianOf(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

// One thing to time, with what must happen before each run of it (outside the timing).
internal sealed class Case(Func<Task<object>> body, Func<Task>? before = null)
{
    private readonly List<double> times = [];
    private readonly List<double> cpu = [];
    private readonly List<long> allocations = [];
    private long peak;

    public object? Last { get; private set; }

    public Measurement Measurement => new(times, cpu, allocations.Order().ElementAt(allocations.Count / 2), peak);

    public static Case Of<T>(Func<T> body) where T : notnull => new(() => Task.FromResult<object>(body()));

    public async Task RunOnceAsync(bool timed)
    {
        if (before is not null) await before();
        if (!timed)
        {
            Last = await body();
            return;
        }
        // A full collection first, so one run's garbage is not charged to the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var sampler = new Measure.WorkingSetSampler();
        // The measuring thread's own count: the process-wide GC.GetTotalAllocatedBytes(precise)
        // was seen to jump (even below zero) under server GC on a loaded machine. The code
        // measured here runs on one thread (SQLite's async methods complete synchronously);
        // should it move, the process-wide count is taken instead.
        var thread = Environment.CurrentManagedThreadId;
        var threadBefore = GC.GetAllocatedBytesForCurrentThread();
        var processBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = CpuTime.Milliseconds();
        var start = Stopwatch.GetTimestamp();
        Last = await body();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        cpu.Add(CpuTime.Milliseconds() - cpuBefore);
        allocations.Add(thread == Environment.CurrentManagedThreadId
            ? GC.GetAllocatedBytesForCurrentThread() - threadBefore
            : GC.GetTotalAllocatedBytes(precise: true) - processBefore);
        peak = Math.Max(peak, sampler.Stop());
    }
}

// Stopwatch timing: warm-up runs first (JIT tiers, page cache, pools), then the timed
// repetitions. Cases measured together take turns, one run of each per round, so load from
// other work on the machine falls on a figure and its ceiling alike.
internal static class Measure
{
    public static async Task RunAsync(int warmups, int repetitions, params Case[] cases)
    {
        for (var i = 0; i < warmups; i++)
        {
            foreach (var c in cases) await c.RunOnceAsync(timed: false);
        }
        for (var i = 0; i < repetitions; i++)
        {
            foreach (var c in cases) await c.RunOnceAsync(timed: true);
        }
    }

    public static async Task<(Measurement Measurement, T Last)> RunAsync<T>(
        int warmups, int repetitions, Func<Task<T>> body, Func<Task>? before = null) where T : notnull
    {
        var c = new Case(async () => await body(), before);
        await RunAsync(warmups, repetitions, c);
        return (c.Measurement, (T)c.Last!);
    }

    public static async Task<(TimeSpan Elapsed, T Result)> OnceAsync<T>(Func<Task<T>> body)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await body();
        return (Stopwatch.GetElapsedTime(start), result);
    }

    // The process's working set, read every 10 ms while a repetition runs: the peak of that
    // repetition, which Process.PeakWorkingSet64 (the peak of the whole run) cannot give.
    internal sealed class WorkingSetSampler : IDisposable
    {
        private readonly Timer timer;
        private long peak = Environment.WorkingSet;

        public WorkingSetSampler() => timer = new Timer(_ => Sample(), null, 10, 10);

        public long Stop()
        {
            timer.Dispose();
            Sample();
            return Interlocked.Read(ref peak);
        }

        public void Dispose() => timer.Dispose();

        private void Sample()
        {
            var now = Environment.WorkingSet;
            long seen;
            do
            {
                seen = Interlocked.Read(ref peak);
                if (now <= seen) return;
            }
            while (Interlocked.CompareExchange(ref peak, now, seen) != seen);
        }
    }
}
