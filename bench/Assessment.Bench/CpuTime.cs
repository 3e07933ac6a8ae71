using System.Globalization;

namespace Assessment.Bench;

// CPU time of this process and of its finished children (git), from /proc/self/stat, in
// clock ticks (10 ms each). Other work on a busy machine stretches wall time, much less this.
internal static class CpuTime
{
    private const double TickMilliseconds = 10; // USER_HZ is 100 on Linux

    public static double Milliseconds()
    {
        if (!File.Exists("/proc/self/stat")) return double.NaN;
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name (which may hold spaces): state is field 3, utime 14.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int n) => long.Parse(fields[n - 3], NumberStyles.Integer, CultureInfo.InvariantCulture);
        return (Field(14) + Field(15) + Field(16) + Field(17)) * TickMilliseconds;
    }
}
