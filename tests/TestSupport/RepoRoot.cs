namespace Assessment.TestSupport;

// The checkout's root (the folder with Assessment.sln), found from the test binary's folder.
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Workflows => System.IO.Path.Combine(Path, "workflows");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Assessment.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Assessment.sln not found above " + AppContext.BaseDirectory);
    }
}
