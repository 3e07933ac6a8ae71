using System.Diagnostics;
using System.Text;

namespace Assessment.Cli.Tests;

// What one run of the assess binary did.
internal sealed record CliResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() =>
        $"assess {Command}: exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    // Fails with the whole run in the message, so a refusal's reason is never lost.
    public CliResult Exits(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit code {expected}; {this}");
        return this;
    }
}

// Runs the real assess.dll (copied next to the test assembly by the project reference) as a
// child process: its own environment, its own working directory, killed after 60 s.
internal static class CliRunner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string AssessDll { get; } = Path.Combine(AppContext.BaseDirectory, "assess.dll");

    // The dotnet CLI names itself to its children; outside it, the one on PATH.
    internal static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static Task<CliResult> RunAsync(string? url, string? token, string workingDirectory, params string[] args) =>
        RunAsync(url, token, workingDirectory, new Dictionary<string, string?>(StringComparer.Ordinal), args);

    // The same, with variables set (or, as null, removed) in the child's environment.
    public static async Task<CliResult> RunAsync(
        string? url, string? token, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(AssessDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        SetOrRemove(start, "ASSESS_URL", url);
        SetOrRemove(start, "ASSESS_TOKEN", token);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment) SetOrRemove(start, name, value);

        var command = string.Join(' ', args);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {DotnetHost} {AssessDll}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"assess {command} did not finish within {Timeout.TotalSeconds} s and was killed\n" +
                $"--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
        }
        return new CliResult(command, process.ExitCode, await stdout, await stderr);
    }

    private static void SetOrRemove(ProcessStartInfo start, string name, string? value)
    {
        if (value is null) start.Environment.Remove(name);
        else start.Environment[name] = value;
    }
}
