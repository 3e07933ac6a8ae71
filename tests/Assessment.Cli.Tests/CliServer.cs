using Assessment.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Cli.Tests;

// The real server listening on a loopback port, and a scratch folder outside any git checkout
// to run assess in (so that local ref resolution finds nothing unless a test asks for it).
public sealed class CliServer : IDisposable
{
    public const string Repo = "cacert-devel";

    public CliServer()
        : this(new Dictionary<string, string?>())
    {
    }

    // settings: extra configuration for the server, e.g. Assessment:GitHub:ApiUrl.
    internal CliServer(IReadOnlyDictionary<string, string?> settings)
    {
        App = new AssessmentApp(kestrel: true);
        foreach (var (key, value) in settings) App.Settings[key] = value;
        App.StartServer();
        Url = ListeningAddress(App);
        Scratch = TempGitRepo.NewTempFolder("cli");
    }

    // The same server started again on the earlier one's data (dispose that one first, with
    // App.KeepData set); settings and clock carry over.
    internal CliServer(CliServer earlier)
    {
        App = new AssessmentApp(earlier.App);
        App.UseKestrel(0);
        App.StartServer();
        Url = ListeningAddress(App);
        Scratch = TempGitRepo.NewTempFolder("cli");
    }

    internal AssessmentApp App { get; }

    // The Kestrel address, e.g. http://127.0.0.1:41234, as the server itself reports it.
    public string Url { get; }

    public string Scratch { get; }

    internal Task<CliResult> AssessAsync(string? token, params string[] args) => CliRunner.RunAsync(Url, token, Scratch, args);

    internal Task<CliResult> AssessInAsync(string workingDirectory, string? token, params string[] args) =>
        CliRunner.RunAsync(Url, token, workingDirectory, args);

    // A user made through the API (quicker than the binary where the test is not about users); returns the token.
    public async Task<string> TokenAsync(string name, params string[] roles)
    {
        using var client = await App.UserAsync(name, roles);
        return client.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    // A path for a document the test keeps (a hand-over, a checkpoint); deleted with the server.
    public string NewFile(string name) => Path.Combine(Scratch, $"{Guid.NewGuid():N}-{name}");

    private static string ListeningAddress(AssessmentApp app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("the server reports no addresses: is it Kestrel?");
        var address = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        // A wildcard bind is reachable through loopback.
        var host = address.Host is "[::]" or "0.0.0.0" or "+" or "*" ? "127.0.0.1" : address.Host;
        return $"http://{host}:{address.Port}";
    }

    public void Dispose()
    {
        App.Dispose();
        TempGitRepo.DeleteFolder(Scratch);
    }
}
