using System.Globalization;
using System.Text;

namespace Assessment.Bench;

internal sealed record Row(
    string Key, string Name, string Role, Measurement Measurement, long Units, string Unit, string Result,
    string? Ceiling = null, double? Goal = null, bool ChildProcess = false);

// One Markdown table: every measured row names its ceiling from the same run, and its goal.
internal sealed class ResultTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly List<Row> rows = [];
    private readonly List<string> notes = [];

    public void Add(Row row)
    {
        rows.Add(row);
        Console.Error.WriteLine(
            $"  {row.Key} {row.Name}: median {Ms(row.Measurement.Median)}, min {Ms(row.Measurement.Min)}, cpu {Ms(row.Measurement.CpuMedian)}; {row.Result}");
    }

    public void Note(string note)
    {
        notes.Add(note);
        Console.Error.WriteLine($"  note: {note}");
    }

    public string Render(string header)
    {
        var md = new StringBuilder(header).AppendLine();
        md.AppendLine("| Id | Benchmark | Role | Median | Min | CPU time | Rate: wall (CPU) | Beside its ceiling: wall (CPU) | Goal: wall (CPU) | Allocated/op | Peak working set | Result |");
        md.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | --- |");
        foreach (var r in rows)
        {
            var m = r.Measurement;
            md.Append(Invariant, $"| {r.Key} | {r.Name} | {r.Role} | {Ms(m.Median)} | {Ms(m.Min)} | {Cpu(m)} | {Rate(r)} | {VersusCeiling(r)} | {Goal(r)} | ");
            md.Append(r.ChildProcess ? "(git process)" : Mb(m.AllocatedBytes)).Append(" | ");
            md.Append(Mb(m.PeakWorkingSet)).Append(Invariant, $" | {r.Result} |").AppendLine();
        }
        if (notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in notes) md.Append("- ").AppendLine(note);
        }
        return md.ToString();
    }

    private static string Ms(double ms) => ms >= 100
        ? ms.ToString("N0", Invariant) + " ms"
        : ms.ToString("0.00", Invariant) + " ms";

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("N1", Invariant) + " MB";

    // Below some 50 ms the 10 ms ticks of the CPU clock say little.
    private static bool HasCpu(Measurement m) => m.CpuMedian >= 50;

    private static string Cpu(Measurement m) => HasCpu(m) ? Ms(m.CpuMedian) : "";

    private static double PerSecond(Row r, double ms) => r.Units / (ms / 1000);

    private static string Rate(Row r)
    {
        if (r.Units == 0) return "";
        var wall = PerSecond(r, r.Measurement.Median).ToString("N0", Invariant) + $" {r.Unit}/s";
        return HasCpu(r.Measurement) ? wall + $" ({PerSecond(r, r.Measurement.CpuMedian).ToString("N0", Invariant)})" : wall;
    }

    private string VersusCeiling(Row r)
    {
        if (r.Ceiling is null) return r.Role.StartsWith("ceiling", StringComparison.Ordinal) ? "(is the ceiling)" : "";
        var ceiling = rows.Find(c => string.Equals(c.Key, r.Ceiling, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"row {r.Key} names the ceiling {r.Ceiling}, which was not measured");
        var factor = r.Measurement.Median / ceiling.Measurement.Median;
        var text = string.Create(Invariant, $"{factor:0.0}× {ceiling.Key} ({Ms(ceiling.Measurement.Median)})");
        return HasCpu(r.Measurement) && HasCpu(ceiling.Measurement)
            ? text + string.Create(Invariant, $" ({r.Measurement.CpuMedian / ceiling.Measurement.CpuMedian:0.0}×)")
            : text;
    }

    private static string Goal(Row r)
    {
        if (r.Goal is not { } goal) return "";
        static string Verdict(bool met) => met ? "**met**" : "**not met**";
        var text = string.Create(Invariant, $"≥ {goal:N0} {r.Unit}/s: {Verdict(PerSecond(r, r.Measurement.Median) >= goal)}");
        return HasCpu(r.Measurement) ? text + $" ({Verdict(PerSecond(r, r.Measurement.CpuMedian) >= goal)})" : text;
    }
}
