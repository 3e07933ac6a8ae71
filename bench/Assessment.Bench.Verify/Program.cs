using System.Diagnostics;
using System.Globalization;
using Assessment.Bench.Verify;
using Assessment.Core.Data;
using Assessment.Core.Audit;
using Microsoft.EntityFrameworkCore;

// Times the server's log verification (StoredChain, as AuditWatch, GET /api/audit/verify and the
// backup check run it) over a log made by the server's appender. Prints wall and CPU rates.
var events = 200_000L;
var reps = 3;
var compare = false;
var recordPatches = 0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--events": events = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--compare": compare = true; break;
        case "--records": recordPatches = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            await Console.Error.WriteLineAsync("usage: [--events N (200000)] [--reps N (3)] [--compare (also the EF Core path it replaced)] " +
                "[--records PATCHES (instead of the chain: the records check over PATCHES patches of 7 records each)]");
            return 2;
    }
}
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var ct = cancel.Token;
var cache = Path.Combine(Repo.Root(), "bench", ".cache");
if (recordPatches > 0) return await RecordBench.RunAsync(cache, recordPatches, reps, compare, ct);
var seedWatch = Stopwatch.StartNew();
var path = await Seed.EnsureAsync(cache, events, ct);
Console.Error.WriteLine($"log: {path} ({new FileInfo(path).Length / 1048576.0:0} MB; ready in {seedWatch.Elapsed.TotalSeconds:0.0} s)");

var loadBefore = Machine.LoadAverage();
var rows = new List<string>
{
    Timing.Run("StoredChain.VerifyAsync (the server's verifier)", events, reps, async () =>
    {
        await using var db = SqliteAssessmentDb.Open(path);
        return await StoredChain.VerifyAsync(db, ct);
    }),
};
if (compare)
{
    rows.Add(Timing.Run("before: EF Core AsNoTracking query + AuditChain.Verify", events, reps, async () =>
    {
        await using var db = SqliteAssessmentDb.Open(path);
        return AuditChain.Verify(db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).AsEnumerable());
    }));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {events:N0} events, median of {reps} after two warm-ups; " +
    $"load average before {loadBefore}, after {Machine.LoadAverage()}"));
Console.WriteLine("| What | Wall (median) | CPU (median) | events/s wall | events/s CPU |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
foreach (var row in rows) Console.WriteLine(row);
return 0;
