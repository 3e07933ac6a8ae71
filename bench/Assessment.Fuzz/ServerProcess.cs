using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Assessment.Fuzz;

// The real server, started from its build on a free loopback port with a fresh data folder.
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminToken = "asm_fuzz_admin_token";

    private readonly Process process;

    private ServerProcess(Process process, Uri address, string folder)
    {
        this.process = process;
        Address = address;
        Folder = folder;
    }

    public Uri Address { get; }
    public string Folder { get; }

    public static async Task<ServerProcess> StartAsync(FuzzOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("assessment-fuzz-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [options.ServerDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Assessment__DataDirectory"] = Path.Combine(folder, "data");
        start.Environment["Assessment__WorkflowDirectory"] = options.Workflows;
        start.Environment["Assessment__BootstrapToken"] = AdminToken;
        start.Environment["Assessment__FailedSignIns__PermitLimit"] = "1000000";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), folder);
        using var client = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited) break;
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException("the server did not become healthy");
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
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
