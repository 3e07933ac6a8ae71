using System.Diagnostics;
using System.Text;

namespace Assessment.Bench.Drift;

// The git command line, with no system or user configuration, so the figures are the same
// on every machine that has the same git.
internal static class Git
{
    public static async Task<string> RunAsync(string? directory, CancellationToken ct, params string[] args)
    {
        var (exit, output, error) = await StartAsync(directory, args, null, ct);
        return exit == 0 ? output.Trim() : throw new InvalidOperationException($"git {string.Join(' ', args)}: exit {exit}: {error}");
    }

    public static async Task<int> ExitCodeAsync(string? directory, CancellationToken ct, params string[] args) =>
        (await StartAsync(directory, args, null, ct)).Exit;

    public static async Task FeedAsync(string directory, Func<TextWriter, Task> input, CancellationToken ct, params string[] args)
    {
        var (exit, _, error) = await StartAsync(directory, args, input, ct);
        if (exit != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: exit {exit}: {error}");
    }

    private static async Task<(int Exit, string Output, string Error)> StartAsync(
        string? directory, string[] args, Func<TextWriter, Task>? input, CancellationToken ct)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        if (input is not null) start.StandardInputEncoding = new UTF8Encoding(false);
        if (directory is not null)
        {
            start.ArgumentList.Add("-C");
            start.ArgumentList.Add(directory);
        }
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start git");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            if (input is not null)
            {
                await input(process.StandardInput);
                process.StandardInput.Close();
            }
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
