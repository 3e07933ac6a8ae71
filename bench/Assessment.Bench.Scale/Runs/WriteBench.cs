using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assessment.Bench.Scale.Runs;

// Benchmark 1 (and 5 on PostgreSQL): approving reviews through HTTP at 1, 16 and 64 clients,
// spread over 200 new patches, and on one patch with 10,000 records; beside the bare insert
// and the bare grouped insert of the same host process.
internal static class WriteBench
{
    public const int Patches = 200;
    public const int LongHistory = 10_000;

    public static async Task<string> RunAsync(BenchOptions options, string? postgres, CancellationToken ct)
    {
        var name = postgres is null ? "SQLite" : "PostgreSQL";
        var data = Path.Combine(options.Cache, $"writes-{name.ToLowerInvariant()}-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(data);
        string? database = null;
        if (postgres is not null)
        {
            database = $"bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
            await PostgresAsync(postgres, $"CREATE DATABASE {database}", ct);
            postgres = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
        }
        var load = Machine.LoadAverage();
        var text = new StringBuilder();
        try
        {
            await using var host = await HostProcess.StartAsync(options.RepoRoot, data, "bench-admin-token", postgres, ct);
            using var api = new Api(host.Url, "bench-admin-token");
            var repo = await GitRepo.CreateAsync(Path.Combine(data, "repo"), ct);
            await api.RepositoryAsync("cacert-devel", repo.Path, ct);
            var alice = await api.UserAsync("alice", "developer", ct);
            var assessors = new List<string>();
            for (var i = 1; i <= 8; i++) assessors.Add(await api.UserAsync($"assessor{i}", "assessor", ct));
            var ids = new List<int>();
            for (var i = 0; i < Patches; i++) ids.Add(await api.SubmitAsync(alice, $"Patch {i}", repo.Release, repo.First, ct));
            var longId = await api.SubmitAsync(alice, "A patch with a long history", repo.Release, repo.First, ct);
            await HistoryAsync(data, postgres, longId, repo.First, ct);
            Console.Error.WriteLine($"{name}: {Patches} patches and patch {longId} with {LongHistory} reviews; measuring");

            var body = $$"""{"verdict":"approve","comment":"Read it.","commit":"{{repo.First}}"}""";
            var idList = string.Join(",", ids);
            var targets = new (string Key, string Script)[]
            {
                ("new", Wrk.Script("POST", "local ids = { " + idList + " }", "\"/api/patches/\" .. ids[math.random(#ids)] .. \"/reviews\"", assessors, body)),
                ("long", Wrk.Script("POST", "", $"\"/api/patches/{longId}/reviews\"", assessors, body)),
                ("ceiling", Wrk.Script("POST", "", "\"/bench/insert\"", [], body)),
                ("group", Wrk.Script("POST", "", "\"/bench/insert-group\"", [], body)),
            }.Where(t => options.Targets.Contains(t.Key, StringComparer.Ordinal)).ToArray();
            foreach (var (_, script) in targets) await Wrk.RunAsync(host, script, 16, options.Seconds, ct); // warm-up (the JIT, the pools)
            host.ResetPeakMemory();
            var figures = new Figures();
            foreach (var clients in options.Clients)
            {
                for (var rep = 0; rep < options.Reps; rep++)
                {
                    foreach (var (key, script) in targets)
                    {
                        var result = await Wrk.RunAsync(host, script, clients, options.Seconds, ct);
                        Console.Error.WriteLine($"{name} {key} c={clients} rep {rep + 1}: {result.Rps:F0}/s p50 {result.P50Ms:F1} ms p99 {result.P99Ms:F1} ms errors {result.Errors}");
                        figures.Add($"{key}/{clients}", result);
                    }
                }
            }
            var peak = host.PeakMegabytes;
            text.Append(Table(name, figures, peak, load, Machine.LoadAverage(), options));
        }
        finally
        {
            if (postgres is not null && database is not null)
            {
                await PostgresAsync(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", ct);
            }
            Directory.Delete(data, recursive: true);
        }
        return text.ToString();
    }

    private static string Table(string name, Figures figures, double peak, string loadBefore, string loadAfter, BenchOptions options)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"### Writes on {name}: approving reviews ({options.Reps} runs of {options.Seconds} s each, medians; load average before {loadBefore}, after {loadAfter})");
        s.AppendLine();
        s.AppendLine("| clients | what | req/s | p50 ms | p99 ms | host CPU ms/req | ÷ ceiling | ÷ group ceiling | non-2xx | goal (16 clients: ≥ 0.5 of each ceiling, p99 < 25 ms) |");
        s.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var clients in options.Clients)
        {
            if (figures.Count($"ceiling/{clients}") == 0 || figures.Count($"group/{clients}") == 0)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"| {clients} | (a narrowed run: no table without both ceilings) | | | | | | | | |");
                continue;
            }
            var ceiling = figures.Median($"ceiling/{clients}");
            var group = figures.Median($"group/{clients}");
            foreach (var (key, label) in new[] { ("new", "review, 200 new patches"), ("long", "review, patch with 10,000 records"), ("ceiling", "ceiling: bare insert"), ("group", "ceiling: bare grouped insert") })
            {
                if (figures.Count($"{key}/{clients}") == 0) continue;
                var f = figures.Median($"{key}/{clients}");
                var real = key is "new" or "long";
                var goal = !real || clients != 16 ? ""
                    : f.Rps >= 0.5 * ceiling.Rps && f.Rps >= 0.5 * group.Rps && f.P99Ms < 25 ? "**met**"
                    : "**not met**: " + string.Join("; ", new[]
                    {
                        f.Rps < 0.5 * ceiling.Rps ? $"{f.Rps / ceiling.Rps:F2} of the ceiling" : null,
                        f.Rps < 0.5 * group.Rps ? $"{f.Rps / group.Rps:F2} of the group ceiling" : null,
                        f.P99Ms >= 25 ? $"p99 {f.P99Ms:F0} ms" : null,
                    }.Where(x => x is not null));
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"| {clients} | {label} | {f.Rps:F0} | {f.P50Ms:F1} | {f.P99Ms:F1} | {f.HostCpuMs:F2} | {(real ? (f.Rps / ceiling.Rps).ToString("F2", CultureInfo.InvariantCulture) : "")} | {(real ? (f.Rps / group.Rps).ToString("F2", CultureInfo.InvariantCulture) : "")} | {f.Errors} | {goal} |");
            }
        }
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Peak resident memory of the host process during these writes (VmHWM, reset before the first measured run): **{peak:F0} MB** (goal < 300 MB: {(peak < 300 ? "**met**" : "**not met**")}).");
        s.AppendLine();
        return s.ToString();
    }

    // The long history, written behind the server's back as ConstantTimeActionTests writes it:
    // approvals on the current revision by the assessors the benchmark uses.
    private static async Task HistoryAsync(string data, string? postgres, int patch, string commit, CancellationToken ct)
    {
        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {LongHistory})
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At")
            SELECT {patch}, 'assessor' || (1 + i % 8), 'approve', 'Read it again.', '{commit}', 1, 639000000000000000 + i FROM n
            """;
        if (postgres is not null)
        {
            await PostgresAsync(postgres, sql, ct);
            return;
        }
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "assessment.db")};Pooling=False;Default Timeout=60");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task PostgresAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
