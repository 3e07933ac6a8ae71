using System.Diagnostics;
using System.Globalization;
using Assessment.Core.Audit;

namespace Assessment.Bench.Verify;

// Two warm-ups (the runtime optimises hot code after its first calls), then timed runs with a full collection before each; wall time and the process's
// CPU time (all threads: the reading one, the hashing one, the collector's).
internal static class Timing
{
    public static string Run(string what, long events, int reps, Func<Task<ChainVerification>> verify)
    {
        for (var i = 0; i < 2; i++) Check(verify().GetAwaiter().GetResult(), events);
        var walls = new List<double>();
        var cpus = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < reps; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var result = verify().GetAwaiter().GetResult();
            wall.Stop();
            process.Refresh();
            Check(result, events);
            walls.Add(wall.Elapsed.TotalSeconds);
            cpus.Add((process.TotalProcessorTime - cpu).TotalSeconds);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {what}: run {i + 1}: wall {walls[^1]:0.000} s, CPU {cpus[^1]:0.000} s"));
        }
        double w = Median(walls), c = Median(cpus);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {w * 1000:N0} ms | {c * 1000:N0} ms | {events / w:N0} | {events / c:N0} |");
    }

    // A run that verified less than the whole log, or found it broken, measured nothing.
    private static void Check(ChainVerification result, long events)
    {
        if (!result.Ok || result.Events != events)
        {
            throw new InvalidOperationException($"verification went wrong: ok={result.Ok}, events={result.Events}, detail={result.Detail}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
