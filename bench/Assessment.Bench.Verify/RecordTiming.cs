using System.Diagnostics;
using System.Globalization;
using Assessment.Core.Data;
using Assessment.Core.Evidence.Records;

namespace Assessment.Bench.Verify;

// The records check of GET /api/audit/verify (StoredRecords) over a RecordSeed database: wall
// time, the rate in records checked per second, and the process's peak resident memory during
// the run (Linux's VmHWM, reset before each run through /proc/self/clear_refs).
internal static class RecordTiming
{
    public static string Run(string what, string path, int records, int reps, int patchBatch, int eventBatch, CancellationToken ct)
    {
        Check(CheckAsync(path, patchBatch, eventBatch, ct).GetAwaiter().GetResult());
        var walls = new List<double>();
        var peaks = new List<double>();
        for (var i = 0; i < reps; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var before = ResetPeak();
            var wall = Stopwatch.StartNew();
            var findings = CheckAsync(path, patchBatch, eventBatch, ct).GetAwaiter().GetResult();
            wall.Stop();
            Check(findings);
            walls.Add(wall.Elapsed.TotalSeconds);
            peaks.Add(PeakMegabytes());
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {what}: run {i + 1}: wall {walls[^1]:0.000} s, peak resident {peaks[^1]:0} MB (resident before {before:0} MB)"));
        }
        var w = walls.Order().ElementAt(walls.Count / 2);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {w * 1000:N0} ms | {records / w:N0} | {peaks.Max():N0} MB |");
    }

    private static async Task<RecordFindings> CheckAsync(string path, int patchBatch, int eventBatch, CancellationToken ct)
    {
        await using var db = SqliteAssessmentDb.Open(path);
        return await StoredRecords.CheckAsync(db, 100, patchBatch, eventBatch, ct);
    }

    // A run that found anything checked a database other than the one meant.
    private static void Check(RecordFindings findings)
    {
        if (findings.Total != 0)
            throw new InvalidOperationException($"the records check found {findings.Total} problems, first: {findings.First[0].Detail}");
    }

    // Resets the peak to the current resident size; returns that size in MB.
    private static double ResetPeak()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Status("VmRSS:");
    }

    private static double PeakMegabytes() => Status("VmHWM:");

    private static double Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }
}
