using System.Diagnostics;
using System.Text;

namespace Assessment.Cli.Hooks;

// Runs git as a child of the hook. It inherits git's environment (GIT_DIR, and the quarantine's
// GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES), so it sees the pushed objects.
internal static class Git
{
    public static async Task<IReadOnlyList<string>> LinesAsync(string workingDirectory, IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new IOException("could not start git");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new IOException($"git {string.Join(' ', start.ArgumentList)} failed: {(await stderr).Trim()}");
        }
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
