using System.Globalization;

namespace Assessment.Bench.Scale;

// scale [writes|reads|postgres|all] [--seconds N] [--reps N] [--patches N] [--postgres CONNECTION] [--cache DIR]
//       [--clients 1,16,64] [--targets new,long,ceiling,group]
// --cache names the folder of generated data (default bench/.cache of this checkout), so that a
// second checkout can reuse a read database already seeded (seeding 100,000 patches takes minutes).
// --clients and --targets narrow a writes run (--targets also a reads run: patch,queue,list,search,report) (a profile of one figure, a quick check of one change).
internal sealed record BenchOptions(
    string Mode, int Seconds, int Reps, int Patches, string? Postgres, string RepoRoot, string Cache, int[] Clients, string[] Targets)
{
    // The read targets a reads run is narrowed to (patch, queue, list, search, report); null: all.
    public string[]? ReadTargets { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        if (mode is not ("writes" or "reads" or "postgres" or "all")) throw new ArgumentException($"unknown command '{mode}': writes, reads, postgres or all");
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var postgres = Value("--postgres") ?? Environment.GetEnvironmentVariable("ASSESSMENT_BENCH_POSTGRES");
        if (mode is "postgres" && postgres is null) throw new ArgumentException("postgres: give --postgres CONNECTION (scripts/test-postgres start ... prints one)");
        var root = FindRepoRoot();
        var cache = Value("--cache") is { } dir ? Path.GetFullPath(dir) : Path.Combine(root, "bench", ".cache");
        var clients = (Value("--clients") ?? "1,16,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var targets = (Value("--targets") ?? "new,long,ceiling,group").Split(',');
        return new BenchOptions(mode, Number("--seconds", 5), Number("--reps", 3), Number("--patches", 100_000), postgres, root, cache, clients, targets)
        {
            ReadTargets = Value("--targets")?.Split(','),
        };
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Assessment.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from a checkout: Assessment.sln was not found above " + AppContext.BaseDirectory);
    }
}
