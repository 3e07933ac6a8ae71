using System.Diagnostics;
using System.Globalization;

namespace Assessment.Bench.Verify;

// --records PATCHES: the records check of GET /api/audit/verify, batched as the server runs it
// and, with --compare, in one batch of everything (what it did before: every record and action
// event in memory at once).
internal static class RecordBench
{
    private const int Records = 7;

    public static async Task<int> RunAsync(string cache, int patches, int reps, bool compare, CancellationToken ct)
    {
        var seedWatch = Stopwatch.StartNew();
        var path = await RecordSeed.EnsureAsync(cache, patches, ct);
        Console.Error.WriteLine($"records: {path} ({new FileInfo(path).Length / 1048576.0:0} MB; ready in {seedWatch.Elapsed.TotalSeconds:0.0} s)");
        var loadBefore = Machine.LoadAverage();
        var records = patches * Records;
        var rows = new List<string> { RecordTiming.Run("batched (1,000 patches / 20,000 events a batch)", path, records, reps, 1_000, 20_000, ct) };
        if (compare) rows.Add(RecordTiming.Run("one batch of everything (as before)", path, records, reps, int.MaxValue, int.MaxValue, ct));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {patches:N0} patches, {records:N0} records, " +
            $"{patches * (Records + 1) + 1:N0} events; median of {reps} after a warm-up; load average before {loadBefore}, after {Machine.LoadAverage()}"));
        Console.WriteLine("| Records check | Wall (median) | records/s | Peak resident |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var row in rows) Console.WriteLine(row);
        return 0;
    }
}
