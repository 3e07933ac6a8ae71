using System.Diagnostics;
using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// A key is in force by the log's order, not by time: bob approves with his key and revokes it
// in the same instant of the server's clock (the test's clock never moves, so both events carry
// the same time). The approval came first in the log, so it stays valid for the server (audit
// verify, the hand-over, its verification on the server), for `assess handover verify` offline
// and for the independent Python verifier; a signature by the key after the revocation, still
// in that instant, is refused.
public sealed class RevocationOrderTests
{
    [Fact]
    public async Task An_action_and_a_revocation_in_the_same_instant_are_judged_by_the_logs_order_everywhere()
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
        var bobKey = PersonKeyPair.Ed25519();
        using (var client = server.App.As(bob))
            (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/me/keys", new { publicKey = bobKey.PublicPem })).EnsureSuccessStatusCode();
        var bobFile = server.NewFile("bob.pem");
        await File.WriteAllTextAsync(bobFile, bobKey.PrivatePem);
        Task<CliResult> As(string token, string? keyFile, params string[] args) => CliRunner.RunAsync(server.Url, token, server.Scratch,
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["ASSESS_SIGNING_KEY"] = keyFile }, args);

        (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo, "--title", "RSA", "--base", "release", "--head", "main")).Exits(0);
        (await As(bob, bobFile, "review", "1", "--approve")).Exits(0);
        (await server.AssessAsync(bob, "keys", "revoke", bobKey.KeyId)).Exits(0);
        (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo, "--title", "RSA again", "--base", "release", "--head", "main")).Exits(0);
        Assert.Contains("revoked at", (await As(bob, bobFile, "review", "2", "--approve")).Exits(1).Stderr, StringComparison.Ordinal);
        (await As(carol, null, "review", "1", "--approve")).Exits(0);
        (await As(bob, null, "deploy", "1", "--env", "test")).Exits(0);
        (await As(dave, null, "test", "1", "--pass")).Exits(0);
        (await As(erin, null, "test", "1", "--pass")).Exits(0);
        (await As(carol, null, "bless", "1")).Exits(0);

        var (handover, keys, events) = (server.NewFile("handover.json"), server.NewFile("keys.json"), server.NewFile("events.json"));
        (await server.AssessAsync(erin, "handover", "get", "1", "--out", handover)).Exits(0);
        (await server.AssessAsync(erin, "keys", "get", "--out", keys)).Exits(0);
        (await server.AssessAsync(carol, "audit", "events", "--out", events)).Exits(0);
        var times = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(events)).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() is "patch.reviewed" or "user.key-revoked").Select(e => e.GetProperty("at").GetString()).Distinct().ToList();
        Assert.Single(times);

        (await server.AssessAsync(bob, "audit", "verify")).Exits(0);
        (await server.AssessAsync(bob, "handover", "verify", handover, "--server")).Exits(0);
        var offline = (await CliRunner.RunAsync(null, null, server.Scratch, "handover", "verify", handover, "--keys", keys, "--events", events)).Exits(0);
        Assert.Contains("with every personal signature", offline.Stdout, StringComparison.Ordinal);
        (await CliRunner.RunAsync(null, null, server.Scratch, "audit", "verify", "--offline", "--events", events, "--keys", keys)).Exits(0);

        var (code, output) = Python(handover, keys, events);
        if (code is not null)
        {
            Assert.True(code == 0, output);
            Assert.Contains("1 personal signature(s) verified", output, StringComparison.Ordinal);
        }
    }

    // tests/evidence_verifier.py, where python3 with the cryptography package is present (.ci/run installs it); null otherwise.
    private static (int? Code, string Output) Python(string handover, string keys, string events)
    {
        var present = File.Exists("/usr/bin/python3") && Run("-c", "import cryptography").Code == 0;
        Assert.False(!present && Environment.GetEnvironmentVariable("ASSESSMENT_REQUIRE_PYTHON") == "1", "python3 with cryptography is missing");
        return present ? Run(Path.Combine(RepoRoot.Path, "tests", "evidence_verifier.py"), "handover", handover, keys, events) : (null, "");
    }

    private static (int? Code, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
