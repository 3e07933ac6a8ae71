using System.Diagnostics;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// The real server binary: a workflow document it cannot enforce stops it at start-up, naming
// file and line; the same copy unbroken starts and listens.
public sealed class StartupTests
{
    private const string BlessRow = "| bless | tested | blessed |";

    [Fact]
    public async Task A_malformed_workflow_stops_the_server_naming_file_line_and_state()
    {
        var line = 0;
        var workflows = WorkflowDocumentTests.CopyWorkflows(text =>
        {
            var lines = text.Split('\n');
            line = Array.FindIndex(lines, l => l.StartsWith(BlessRow, StringComparison.Ordinal)) + 1;
            Assert.True(line > 0, "regular.md has no bless row");
            return text.Replace(BlessRow, "| bless | tested | sanctified |", StringComparison.Ordinal);
        });
        var data = TempGitRepo.NewTempFolder("data");
        try
        {
            var run = await RunServerAsync(workflows, data, untilListening: false);
            Assert.False(run.TimedOut, $"the server did not stop within 60 s; stdout: {run.Stdout}");
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains($"regular.md:{line}", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("'sanctified'", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            TempGitRepo.DeleteFolder(workflows);
            TempGitRepo.DeleteFolder(data);
        }
    }

    [Fact]
    public async Task A_missing_emergency_procedure_stops_the_server()
    {
        var workflows = WorkflowDocumentTests.CopyWorkflows(text => text);
        File.Delete(Path.Combine(workflows, "emergency.md"));
        var data = TempGitRepo.NewTempFolder("data");
        try
        {
            var run = await RunServerAsync(workflows, data, untilListening: false);
            Assert.False(run.TimedOut, $"the server did not stop within 60 s; stdout: {run.Stdout}");
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("no workflow document takes the request 'declare' in its Requests table", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            TempGitRepo.DeleteFolder(workflows);
            TempGitRepo.DeleteFolder(data);
        }
    }

    [Fact]
    public async Task The_unbroken_copy_starts()
    {
        var workflows = WorkflowDocumentTests.CopyWorkflows(text => text);
        var data = TempGitRepo.NewTempFolder("data");
        try
        {
            var run = await RunServerAsync(workflows, data, untilListening: true);
            Assert.True(run.Listening, $"stdout: {run.Stdout}\nstderr: {run.Stderr}");
            Assert.True(File.Exists(Path.Combine(data, "assessment.db")));
        }
        finally
        {
            TempGitRepo.DeleteFolder(workflows);
            TempGitRepo.DeleteFolder(data);
        }
    }

    private sealed record Run(bool TimedOut, bool Listening, int? ExitCode, string Stdout, string Stderr);

    private static async Task<Run> RunServerAsync(string workflows, string data, bool untilListening)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = data,
        };
        foreach (var arg in new[] { ServerDll(), "--urls", "http://127.0.0.1:0" }) start.ArgumentList.Add(arg);
        start.Environment["Assessment__WorkflowDirectory"] = workflows;
        start.Environment["Assessment__DataDirectory"] = data;
        start.Environment["Assessment__BootstrapToken"] = "asm_startup_test";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = new System.Text.StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
            if (e.Data.Contains("Now listening on", StringComparison.Ordinal)) listening.TrySetResult();
        };
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exited = process.WaitForExitAsync(timeout.Token);
        try
        {
            if (untilListening) await Task.WhenAny(listening.Task, exited);
            else await exited;
        }
        catch (OperationCanceledException)
        {
            // Reported as TimedOut below.
        }
        var running = !process.HasExited;
        if (running) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
        string Out() { lock (stdout) return stdout.ToString(); }
        return new Run(running && !untilListening, listening.Task.IsCompleted && running, running ? null : process.ExitCode, Out(), await stderr);
    }

    // The server is a project reference, so it is built next to the test binary.
    private static string ServerDll()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "Assessment.Server.dll");
        if (File.Exists(here) && File.Exists(Path.ChangeExtension(here, ".runtimeconfig.json"))) return here;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        var built = Path.Combine(RepoRoot.Path, "src", "Assessment.Server", "bin", configuration, "net10.0", "Assessment.Server.dll");
        Assert.True(File.Exists(built), $"Assessment.Server.dll is neither in {AppContext.BaseDirectory} nor at {built}");
        return built;
    }
}
