using System.CommandLine;

namespace Assessment.Cli.Verbs;

// The admin verbs work on the server's data directory itself, found as the server finds it.
internal static class AdminDataDirectory
{
    public static Option<string> Option() => Verb.Value("--data-dir", "DIR",
        "the server's data directory (default: $Assessment__DataDirectory, else ./data, as the server)");

    public static string Resolve(string? given) =>
        Path.GetFullPath(given
            ?? (Environment.GetEnvironmentVariable("Assessment__DataDirectory") is { Length: > 0 } fromEnvironment ? fromEnvironment : "data"));
}
