using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Assessment.Bench.Drift;

namespace Assessment.Bench;

internal static class Machine
{
    // Other work on the machine skews every figure: the load before and after the run says how much.
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static async Task<string> DescribeAsync(BenchOptions o, string loadBefore, CancellationToken ct)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? (await File.ReadAllLinesAsync("/proc/cpuinfo", ct))
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memory = File.Exists("/proc/meminfo")
            ? (await File.ReadAllLinesAsync("/proc/meminfo", ct)).FirstOrDefault()?.Split(':', 2)[1].Trim().Split(' ')[0] ?? "0"
            : "0";
        var gigabytes = long.Parse(memory, NumberStyles.None, CultureInfo.InvariantCulture) / 1048576.0;
        var git = await Git.RunAsync(null, ct, "--version");
        var now = TimeProvider.System.GetUtcNow();
        return string.Create(CultureInfo.InvariantCulture, $"""
            # Benchmark results

            Run {now:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project bench/Assessment.Bench -- {Mode(o)} --events {o.Events} --commits {o.Commits} --reps {o.Repetitions}`

            Machine: {Environment.ProcessorCount} cores ({cpu}), {gigabytes:0.0} GB memory; {RuntimeInformation.OSDescription};
            {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; {git}.
            Load average (1, 5, 15 min) before the run: {loadBefore}; after: {LoadAverage()}.
            Each figure: warm-up runs (2 for a, 1 for b), then {o.Repetitions} timed repetitions; median and min. The figures of one
            group (a; b before the new commits; b after them) take turns, one run each per round, so that load from other work
            falls on a figure and its ceiling alike.
            Allocated/op: managed bytes allocated by the measuring thread during one repetition (median); for git, only the launching side.
            CPU time: user + system time of this process and its finished git children during one repetition (median; 10 ms ticks,
            left out below 50 ms). Where it is well below the wall time, the run waited for a CPU that other work held.
            Peak working set: the process's resident memory, sampled every 10 ms during the repetitions.

            """);
    }

    private static string Mode(BenchOptions o) => (o.Verify, o.Drift) switch
    {
        (true, true) => "all",
        (true, false) => "verify",
        _ => "drift",
    };
}
