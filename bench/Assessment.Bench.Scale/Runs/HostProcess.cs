using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Assessment.Bench.Scale.Runs;

// The bench host (this program's `host` command: the real server and the ceilings) as a
// process of its own, so the load generator, this runner and the server do not share a heap.
// Its peak resident memory and CPU time are read from /proc.
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;

    private HostProcess(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    public Uri Url { get; }
    public int Pid => process.Id;

    public static async Task<HostProcess> StartAsync(string repoRoot, string dataDirectory, string adminToken, string? postgres, CancellationToken ct)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(HostProcess).Assembly.Location);
        info.ArgumentList.Add("host");
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url.ToString().TrimEnd('/'));
        info.Environment["Assessment__DataDirectory"] = dataDirectory;
        info.Environment["Assessment__BootstrapToken"] = adminToken;
        info.Environment["Assessment__WorkflowDirectory"] = Path.Combine(repoRoot, "workflows");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        if (postgres is not null)
        {
            info.Environment["Assessment__Database__Provider"] = "PostgreSQL";
            info.Environment["ConnectionStrings__Assessment"] = postgres;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("the bench host did not start");
        var log = Path.Combine(dataDirectory, "host.log");
        _ = Task.Run(() => CopyAsync(process.StandardOutput, log), CancellationToken.None);
        _ = Task.Run(() => CopyAsync(process.StandardError, log), CancellationToken.None);
        var host = new HostProcess(process, url);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        for (var started = Stopwatch.StartNew(); ; await Task.Delay(250, ct))
        {
            if (process.HasExited) throw new InvalidOperationException($"the bench host stopped at start-up (exit {process.ExitCode}); see {log}");
            if (started.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"the bench host did not answer /healthz; see {log}");
            try
            {
                if ((await http.GetAsync("/healthz", ct)).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
        }
    }

    private static readonly Lock LogLock = new();

    private static async Task CopyAsync(StreamReader from, string path)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (LogLock) File.AppendAllText(path, line + "\n");
        }
    }

    // Peak resident set since the last reset (VmHWM); writing 5 to clear_refs resets it.
    public void ResetPeakMemory() => File.WriteAllText($"/proc/{Pid}/clear_refs", "5");

    public double PeakMegabytes => Status("VmHWM:") / 1024.0;

    private long Status(string field) =>
        File.ReadLines($"/proc/{Pid}/status").Where(l => l.StartsWith(field, StringComparison.Ordinal))
            .Select(l => long.Parse(l[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).First();

    // User + system CPU time of the host so far (clock ticks of 10 ms).
    public double CpuMilliseconds
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }
}
