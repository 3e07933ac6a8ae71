using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Assessment.TestSupport;

namespace Assessment.Cli.Tests.Gate;

internal sealed record GitResult(int ExitCode, string Output)
{
    public override string ToString() => $"git: exit {ExitCode}\n{Output}";
}

// A controlled repository as a git server keeps it: a bare repository with the pre-receive hook
// installed (running the real assess binary), and a developer's clone that pushes to it over
// the file transport. The hook reads the server's address from a file, so a test can point it
// at a port where nothing listens.
internal sealed class GateRepository : IDisposable
{
    private readonly string root = TempGitRepo.NewTempFolder("gate");

    public GateRepository(string repositoryName, string gateToken)
    {
        Bare = Path.Combine(root, "controlled.git");
        Work = Path.Combine(root, "work");
        UrlFile = Path.Combine(root, "assessment-url");
        Run(root, "init", "-q", "--bare", "-b", "main", Bare).Expect(0);
        Run(root, "init", "-q", "-b", "main", Work).Expect(0);
        Initial = Commit("Initial import", "README", "CAcert web application\n");
        Run(Work, "push", "-q", Bare, "main:main", "main:release").Expect(0);
        var script = $"""
            #!/bin/sh
            exec "{CliRunner.DotnetHost}" "{CliRunner.AssessDll}" --url "$(cat '{UrlFile}')" --token '{gateToken}' hook pre-receive --repo {repositoryName}
            """;
        var hook = Path.Combine(Bare, "hooks", "pre-receive");
        File.WriteAllText(hook, script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Bare { get; }
    public string Work { get; }
    public string UrlFile { get; }
    public string Initial { get; }

    public void PointAt(string url) => File.WriteAllText(UrlFile, url);

    // An address where nothing listens: a port the system just handed out and took back.
    public static string Unreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public string Commit(string message, string file, string content)
    {
        File.WriteAllText(Path.Combine(Work, file), content);
        Run(Work, "add", file).Expect(0);
        Run(Work, "-c", "user.name=alice", "-c", "user.email=alice@example.org", "commit", "-q", "-m", message).Expect(0);
        return Head("HEAD");
    }

    public string Head(string rev) => Run(Work, "rev-parse", rev).Expect(0).Output.Trim();

    // Where the bare repository's branch points now (null: no such branch).
    public string? BranchTip(string branch)
    {
        var result = Run(Bare, "rev-parse", "--verify", "-q", "refs/heads/" + branch);
        return result.ExitCode == 0 ? result.Output.Trim() : null;
    }

    public GitResult Push(string source, string branch, bool force = false) =>
        Run(Work, force ? ["push", "--force", Bare, $"{source}:refs/heads/{branch}"] : ["push", Bare, $"{source}:refs/heads/{branch}"]);

    public static GitResult Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory, UseShellExecute = false,
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"git {string.Join(' ', args)} did not finish within 120 s");
        }
        return new GitResult(process.ExitCode, stdout + stderr.Result);
    }

    public void Dispose() => TempGitRepo.DeleteFolder(root);
}

internal static class GitResultAssertions
{
    public static GitResult Expect(this GitResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}; {result}");
        return result;
    }
}
