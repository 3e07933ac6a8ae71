using System.Globalization;

namespace Assessment.Bench;

internal sealed record BenchOptions(bool Verify, bool Drift, int Events, int Commits, int Repetitions, string BenchDirectory)
{
    public string CacheDirectory => Path.Combine(BenchDirectory, ".cache");

    public static BenchOptions Parse(string[] args)
    {
        var mode = "all";
        var events = 100_000;
        var commits = 100_000;
        var repetitions = 5;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "verify" or "drift" or "all":
                    mode = args[i];
                    break;
                case "--events":
                    events = Number(args, ++i);
                    break;
                case "--commits":
                    commits = Number(args, ++i);
                    break;
                case "--reps":
                    repetitions = Number(args, ++i);
                    break;
                default:
                    throw new ArgumentException(
                        $"unknown argument '{args[i]}'; usage: [verify|drift|all] [--events N] [--commits N] [--reps N]");
            }
        }
        if (commits < 2) throw new ArgumentException("--commits: at least 2 (a root and one patch)");
        return new BenchOptions(mode is "verify" or "all", mode is "drift" or "all", events, commits, repetitions, FindBenchDirectory());
    }

    private static int Number(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{args[i - 1]}: a positive whole number is required");

    // The checkout's bench/ folder, wherever dotnet run was called from.
    private static string FindBenchDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Assessment.sln"))) return Path.Combine(dir.FullName, "bench");
        }
        throw new InvalidOperationException("cannot find the checkout (Assessment.sln) above " + AppContext.BaseDirectory);
    }
}
