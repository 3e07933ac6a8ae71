using System.Globalization;
using System.Runtime.InteropServices;

namespace Assessment.Bench.Scale;

internal static class Machine
{
    // The machine is shared: the load before and after each run says how much other work ran.
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var kb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu}), {kb / 1048576.0:0.0} GB memory; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; load from wrk 4.1 (a second process)");
    }
}
