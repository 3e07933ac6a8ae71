using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Data;

// The real server as a child process (the Assessment.Server.dll beside the tests), for the
// tests that kill it or run two of it: what they test is between processes.
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> output;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
    }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Assessment.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["Assessment__DataDirectory"] = dataDirectory;
        start.Environment["Assessment__WorkflowDirectory"] = RepoRoot.Workflows;
        start.Environment["Assessment__BootstrapToken"] = AssessmentApp.AdminToken;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the server"),
            new Uri($"http://127.0.0.1:{port}"));
        await server.WaitUntilHealthyAsync();
        return server;
    }

    public HttpClient Client(string token = AssessmentApp.AdminToken)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    // SIGKILL: no shutdown code runs, as in a crash or a power cut of the process.
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    // SIGTERM: the host stops its services and disposes them, as systemd or Ctrl+C stops it.
    public async Task StopGracefullyAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited) await KillAsync();
        }
        catch (InvalidOperationException) { } // already disposed
        process.Dispose();
    }

    // Liveness only: a server that does not answer within five minutes (a busy two-core CI
    // machine) has failed to start.
    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        for (var deadline = DateTime.UtcNow.AddMinutes(5); DateTime.UtcNow < deadline;)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode}: {await output}");
            }
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"the server at {Address} did not become healthy within five minutes");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
