namespace Assessment.Bench.Verify;

internal static class Machine
{
    // The 1, 5 and 15 minute load averages: figures taken on a busy machine say so.
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

internal static class Repo
{
    // The repository's root (where Assessment.sln is), wherever the command is run from inside it.
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Assessment.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
