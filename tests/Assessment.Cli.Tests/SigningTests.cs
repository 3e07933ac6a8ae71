using System.Net.Http.Json;
using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// ASSESS_SIGNING_KEY: every acting verb signs what the person does with their own key, the
// server checks it, and the hand-over it leads to verifies offline with every signature.
public sealed class SigningTests
{
    [Fact]
    public async Task Assess_signs_each_action_with_the_key_file_and_the_hand_over_verifies_offline_with_the_signatures()
    {
        using var server = new CliServer();
        // The CLI signs with the machine's clock; the server must agree within its window.
        server.App.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        git.Commit("Raise minimum RSA key size", Files(("policy.ini", "min_rsa_bits = 2048\n")), "alice", "alice@example.org");
        await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
        var alice = await server.TokenAsync("alice", "developer");
        var (bob, carol) = (await server.TokenAsync("bob", "assessor"), await server.TokenAsync("carol", "assessor"));
        var (dave, erin) = (await server.TokenAsync("dave", "tester"), await server.TokenAsync("erin", "tester"));
        var (bobKey, carolKey) = (PersonKeyPair.Ed25519(), PersonKeyPair.P256());
        foreach (var (token, key) in new[] { (bob, bobKey), (carol, carolKey) })
        {
            using var client = server.App.As(token);
            (await client.PostAsJsonAsync("/api/me/keys", new { publicKey = key.PublicPem })).EnsureSuccessStatusCode();
        }
        var bobFile = server.NewFile("bob.pem");
        var carolFile = server.NewFile("carol.pem");
        await File.WriteAllTextAsync(bobFile, bobKey.PrivatePem);
        await File.WriteAllTextAsync(carolFile, carolKey.PrivatePem);
        Task<CliResult> As(string token, string? keyFile, params string[] args) => CliRunner.RunAsync(server.Url, token, server.Scratch,
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["ASSESS_SIGNING_KEY"] = keyFile }, args);

        (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo, "--title", "RSA", "--base", "release", "--head", "main")).Exits(0);
        var unsigned = (await As(bob, null, "review", "1", "--approve")).Exits(1);
        Assert.Contains("requires 'approve' to be signed", unsigned.Stderr, StringComparison.Ordinal);
        var wrongKey = (await As(bob, carolFile, "review", "1", "--approve")).Exits(1);
        Assert.Contains("not a key registered to bob", wrongKey.Stderr, StringComparison.Ordinal);

        (await As(bob, bobFile, "review", "1", "--approve")).Exits(0);
        (await As(carol, carolFile, "review", "1", "--approve")).Exits(0);
        (await As(bob, bobFile, "deploy", "1", "--env", "test")).Exits(0);
        (await As(dave, null, "test", "1", "--pass")).Exits(0);
        (await As(erin, null, "test", "1", "--pass")).Exits(0);
        (await As(carol, carolFile, "bless", "1")).Exits(0);

        using var admin = server.App.Admin;
        var patch = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/patches/1");
        Assert.Equal([bobKey.KeyId, carolKey.KeyId], patch.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("keyId").GetString()));
        Assert.True(patch.GetProperty("deployments")[0].GetProperty("signed").GetBoolean());
        Assert.False(patch.GetProperty("tests")[0].GetProperty("signed").GetBoolean());
        Assert.Equal(carolKey.KeyId, patch.GetProperty("blessing").GetProperty("keyId").GetString());

        var handover = server.NewFile("handover.json");
        var keys = server.NewFile("keys.json");
        (await server.AssessAsync(erin, "handover", "get", "1", "--out", handover)).Exits(0);
        (await server.AssessAsync(erin, "keys", "get", "--out", keys)).Exits(0);
        var verified = (await CliRunner.RunAsync(null, null, server.Scratch, "handover", "verify", handover, "--keys", keys)).Exits(0);
        Assert.Contains("with every personal signature", verified.Stdout, StringComparison.Ordinal);
    }
}
