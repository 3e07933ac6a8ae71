using System.Globalization;

namespace Assessment.Fuzz;

internal sealed record FuzzOptions(int Cases, int Seconds, int Seed, string ServerDll, string Workflows)
{
    public static FuzzOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var root = FindRoot();
        var dll = Value("--server") ?? Path.Combine(root, "src", "Assessment.Server", "bin", "Release", "net10.0", "Assessment.Server.dll");
        if (!File.Exists(dll)) dll = Path.Combine(root, "src", "Assessment.Server", "bin", "Debug", "net10.0", "Assessment.Server.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("build the server first (dotnet build src/Assessment.Server), or name it with --server", dll);
        return new FuzzOptions(Number("--cases", 5000), Number("--seconds", 300), Number("--seed", 1), dll, Path.Combine(root, "workflows"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Assessment.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Assessment.sln not found above " + AppContext.BaseDirectory);
    }
}
