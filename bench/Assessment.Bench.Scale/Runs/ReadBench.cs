using System.Globalization;
using System.Text;
using Assessment.Bench.Scale.Seed;

namespace Assessment.Bench.Scale.Runs;

// Benchmarks 2, 3 and 4: reads at 16 clients on the seeded database (a patch, the queue, a
// page of the list, a search) beside a one-row read; the period report for one month beside
// a bare read of that month's events; the host's peak resident memory during the reads.
internal static class ReadBench
{
    private const int Clients = 16;

    public static async Task<string> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var seeded = await ReadSeed.EnsureAsync(options, ct);
        var load = Machine.LoadAverage();
        await using var host = await HostProcess.StartAsync(options.RepoRoot, seeded.DataDirectory, ReadSeed.AdminToken, null, ct);
        using var api = new Api(host.Url, ReadSeed.AdminToken);
        var t = seeded.Tokens;
        // The whole log and every record are verified once per seed (minutes at a million events);
        // later runs read the same file, which reads do not change, and the server still checks
        // the chain itself when it starts.
        if (seeded.VerifiedEvents is null)
        {
            var verify = await api.GetAsync(t["audrey"], "/api/audit/verify", ct);
            if (!verify.GetProperty("ok").GetBoolean()) throw new InvalidOperationException($"the seeded log does not verify: {verify.ToString()[..Math.Min(2000, verify.ToString().Length)]}");
            seeded = await ReadSeed.MarkVerifiedAsync(options, seeded with { VerifiedEvents = verify.GetProperty("events").GetInt64() }, ct);
        }
        var events = seeded.VerifiedEvents!.Value;
        var n = seeded.Patches;
        var words = "local words = { " + string.Join(",", Clones.Words.Select(w => $"\"{w}\"")) + " }";
        var targets = new (string Key, string Label, string Script)[]
        {
            ("patch", "a patch: `GET /api/patches/{random id}`", Wrk.Script("GET", "", $"\"/api/patches/\" .. math.random({n})", [t["bob"]], null)),
            ("queue", "the queue: `GET /api/patches?actionable=me` (an assessor)", Wrk.Script("GET", "", "\"/api/patches?actionable=me\"", [t["bob"], t["carol"], t["oscar"]], null)),
            ("list", "a page of the list: `GET /api/patches?limit=100&cursor={random}`", Wrk.Script("GET", "", $"\"/api/patches?limit=100&cursor=\" .. math.random({n - 100})", [t["admin"]], null)),
            ("search", "a search: `GET /api/patches?q={one of 40 words}` (2,500 matches each)", Wrk.Script("GET", words, "\"/api/patches?q=\" .. words[math.random(#words)]", [t["admin"]], null)),
            ("ceiling", "ceiling: one patch row by id, bare reader", Wrk.Script("GET", "", $"\"/bench/read?id=\" .. math.random({n})", [], null)),
        };
        // --targets narrows a run (patch, queue, list, search, report); the ceiling is always taken.
        if (options.ReadTargets is { } only)
            targets = [.. targets.Where(t => t.Key == "ceiling" || only.Contains(t.Key, StringComparer.Ordinal))];
        foreach (var (_, _, script) in targets) await Wrk.RunAsync(host, script, Clients, options.Seconds, ct); // warm-up (the JIT, the caches)
        host.ResetPeakMemory();
        var figures = new Figures();
        for (var rep = 0; rep < options.Reps; rep++)
        {
            foreach (var (key, _, script) in targets)
            {
                var result = await Wrk.RunAsync(host, script, Clients, options.Seconds, ct);
                Console.Error.WriteLine($"reads {key} rep {rep + 1}: {result.Rps:F0}/s p50 {result.P50Ms:F1} ms p99 {result.P99Ms:F1} ms errors {result.Errors}");
                figures.Add(key, result);
            }
        }
        var peak = host.PeakMegabytes;

        // The last whole month the seeded year covers.
        var end = DateTime.UtcNow;
        var month = new DateTime(end.Year, end.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-2);
        var from = month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var reportPath = $"/api/audit/report?from={from}&to={to}&format=json";
        var eventsPath = $"/bench/events?from={from}T00:00:00Z&to={month.AddMonths(1):yyyy-MM-dd}T00:00:00Z";
        var month_ = await api.GetAsync(ReadSeed.AdminToken, eventsPath, ct);
        var reports = new List<double>();
        var bare = new List<double>();
        // The first report is the warm-up, unless it takes longer than the client waits (2 min):
        // then that one is the figure.
        var wantReport = options.ReadTargets?.Contains("report", StringComparer.Ordinal) ?? true;
        var first = wantReport ? await TryTimeAsync(api, t["audrey"], reportPath, ct) : null;
        for (var rep = 0; first is not null && rep < Math.Max(options.Reps, 5); rep++)
        {
            reports.Add(await TryTimeAsync(api, t["audrey"], reportPath, ct) ?? double.PositiveInfinity);
            bare.Add(await api.TimeGetAsync(t["audrey"], eventsPath, ct));
        }
        if (first is null && wantReport) bare.Add(await api.TimeGetAsync(t["audrey"], eventsPath, ct));
        var loadAfter = Machine.LoadAverage();

        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"### Reads: {n:N0} patches, {events:N0} events (the log and its records verify: `GET /api/audit/verify` after seeding), {Clients} clients ({options.Reps} runs of {options.Seconds} s each, medians; load average before {load}, after {loadAfter})");
        s.AppendLine();
        s.AppendLine("| what | req/s | p50 ms | p99 ms | host CPU ms/req | ÷ ceiling (req/s) | non-2xx | goal: p99 < 20 ms |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        var ceiling = figures.Median("ceiling");
        foreach (var (key, label, _) in targets)
        {
            var f = figures.Median(key);
            // No request finished within the run: nothing met, whatever the empty percentiles say.
            var goal = key == "ceiling" ? "" : f.Rps <= 0 ? "**not met** (no request finished in a run)" : f.P99Ms < 20 ? "**met**" : $"**not met** (p99 {f.P99Ms:F0} ms)";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {f.Rps:F0} | {f.P50Ms:F1} | {f.P99Ms:F1} | {f.HostCpuMs:F2} | {(key == "ceiling" ? "" : (f.Rps / ceiling.Rps).ToString("F2", CultureInfo.InvariantCulture))} | {f.Errors} | {goal} |");
        }
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Peak resident memory of the host process during these reads: **{peak:F0} MB** (goal < 300 MB: {(peak < 300 ? "**met**" : "**not met**")}).");
        s.AppendLine();
        if (!wantReport) return s.ToString();
        var report = reports.Count > 0 ? Median(reports) : double.PositiveInfinity;
        s.AppendLine(CultureInfo.InvariantCulture, $"### The period report for {from} to {to} (JSON; {month_.GetProperty("rows").GetInt64():N0} events in the month)");
        s.AppendLine();
        s.AppendLine("| what | median of " + Math.Max(reports.Count, 1) + " | min | goal < 1 s |");
        s.AppendLine("| --- | ---: | ---: | --- |");
        var reportRow = reports.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"| `GET {reportPath}` | {report:F0} ms | {reports.Min():F0} ms | {(report < 1000 ? "**met**" : "**not met**")} |")
            : $"| `GET {reportPath}` | > 120,000 ms (the client gave up) | | **not met** |";
        s.AppendLine(reportRow);
        s.AppendLine(CultureInfo.InvariantCulture, $"| ceiling: the month's events through a bare reader | {Median(bare):F0} ms | {bare.Min():F0} ms | |");
        s.AppendLine();
        return s.ToString();
    }

    private static async Task<double?> TryTimeAsync(Api api, string token, string path, CancellationToken ct)
    {
        try
        {
            return await api.TimeGetAsync(token, path, ct);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
