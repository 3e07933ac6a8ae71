using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// ASSESS_SIGNING_KEY reads the private key forms people hold, each made by the tool people make
// it with: OpenSSH's own format (ssh-keygen, Ed25519 and ECDSA P-256), SEC 1 (`EC PRIVATE KEY`,
// openssl ecparam) and PKCS#8 (`PRIVATE KEY`, openssl genpkey). Each signs an action the server
// records under the id of the public key registered beside it. .ci/run installs both tools.
public sealed class KeyFormatTests
{
    [Fact]
    public async Task Assess_signs_with_OpenSSH_Ed25519_and_ECDSA_keys_a_SEC1_PEM_and_a_PKCS8_PEM()
    {
        using var server = new CliServer();
        server.App.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        git.Commit("Raise minimum RSA key size", Files(("policy.ini", "min_rsa_bits = 2048\n")), "alice", "alice@example.org");
        await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
        var alice = await server.TokenAsync("alice", "developer");
        var (bob, carol) = (await server.TokenAsync("bob", "assessor"), await server.TokenAsync("carol", "assessor"));
        var (dave, erin) = (await server.TokenAsync("dave", "tester"), await server.TokenAsync("erin", "tester"));

        var bobSsh = server.NewFile("bob_ed25519");
        Tool("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bob@example.org", "-f", bobSsh);
        var carolSsh = server.NewFile("carol_ecdsa");
        Tool("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "carol@example.org", "-f", carolSsh);
        var bobSec1 = server.NewFile("bob-sec1.pem");
        Tool("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", bobSec1);
        var carolPkcs8 = server.NewFile("carol-pkcs8.pem");
        Tool("openssl", "genpkey", "-algorithm", "ed25519", "-out", carolPkcs8);
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", await File.ReadAllTextAsync(bobSsh), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", await File.ReadAllTextAsync(carolSsh), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", await File.ReadAllTextAsync(bobSec1), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(carolPkcs8), StringComparison.Ordinal);

        async Task<string> Register(string token, string publicKey)
        {
            using var client = server.App.As(token);
            using var response = await client.PostAsJsonAsync("/api/me/keys", new { publicKey });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
        }
        var ids = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [bobSsh] = await Register(bob, await File.ReadAllTextAsync(bobSsh + ".pub")),
            [carolSsh] = await Register(carol, await File.ReadAllTextAsync(carolSsh + ".pub")),
            [bobSec1] = await Register(bob, Tool("openssl", "ec", "-in", bobSec1, "-pubout")),
            [carolPkcs8] = await Register(carol, Tool("openssl", "pkey", "-in", carolPkcs8, "-pubout")),
        };
        Task<CliResult> As(string token, string keyFile, params string[] args) => CliRunner.RunAsync(server.Url, token, server.Scratch,
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["ASSESS_SIGNING_KEY"] = keyFile }, args);

        (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo, "--title", "RSA", "--base", "release", "--head", "main")).Exits(0);
        foreach (var (token, key, args) in new[]
        {
            (bob, bobSsh, new[] { "review", "1", "--approve" }), (carol, carolSsh, ["review", "1", "--approve"]),
            (bob, bobSec1, ["deploy", "1", "--env", "test"]),
        })
        {
            Assert.Contains($"Signed with key {ids[key]}.", (await As(token, key, args)).Exits(0) is var r ? r.Stdout + r.Stderr : "", StringComparison.Ordinal);
        }
        (await server.AssessAsync(dave, "test", "1", "--pass")).Exits(0);
        (await server.AssessAsync(erin, "test", "1", "--pass")).Exits(0);
        Assert.Contains($"Signed with key {ids[carolPkcs8]}.", (await As(carol, carolPkcs8, "bless", "1")).Exits(0) is var b ? b.Stdout + b.Stderr : "", StringComparison.Ordinal);

        using var admin = server.App.Admin;
        var patch = await admin.GetFromJsonAsync<JsonElement>("/api/patches/1");
        Assert.Equal([ids[bobSsh], ids[carolSsh]], patch.GetProperty("reviews").EnumerateArray().Select(r => r.Str("keyId")));
        Assert.Equal(ids[bobSec1], patch.GetProperty("deployments")[0].Str("keyId"));
        Assert.Equal(ids[carolPkcs8], patch.GetProperty("blessing").Str("keyId"));
        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify")).Bool("ok"));
    }

    // Runs ssh-keygen or openssl; their output (a public key, for openssl) or a clear failure.
    private static string Tool(string name, params string[] args)
    {
        var start = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{name} is missing ({e.Message}): apt-get install openssh-client openssl (.ci/run does)", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{name} {string.Join(' ', args)}: exit {process.ExitCode}: {error}");
            return output;
        }
    }
}
