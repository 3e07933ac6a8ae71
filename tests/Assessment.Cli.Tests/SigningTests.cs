using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
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
        var events = server.NewFile("events.json");
        (await server.AssessAsync(carol, "audit", "events", "--out", events)).Exits(0);
        var verified = (await CliRunner.RunAsync(null, null, server.Scratch, "handover", "verify", handover, "--keys", keys, "--events", events)).Exits(0);
        Assert.Contains("with every personal signature", verified.Stdout, StringComparison.Ordinal);

        // Both keys revoked (carol her own, the administrator bob's): a new signed action is
        // refused, and everything they signed before still verifies, online and offline.
        server.App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains($"Revoked key {carolKey.KeyId} of carol", (await server.AssessAsync(carol, "keys", "revoke", carolKey.KeyId)).Exits(0).Stdout, StringComparison.Ordinal);
        (await server.AssessAsync(bob, "keys", "revoke", bobKey.KeyId, "--user", "bob")).Exits(1);
        (await server.AssessAsync(Assessment.TestSupport.AssessmentApp.AdminToken, "keys", "revoke", bobKey.KeyId, "--user", "bob")).Exits(0);
        (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo, "--title", "RSA again", "--base", "release", "--head", "main")).Exits(0);
        var revoked = (await As(carol, carolFile, "review", "2", "--approve")).Exits(1);
        Assert.Contains("revoked at", revoked.Stderr, StringComparison.Ordinal);
        Assert.Empty((await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/patches/2")).GetProperty("reviews").EnumerateArray());

        (await server.AssessAsync(bob, "audit", "verify")).Exits(0);
        (await server.AssessAsync(bob, "handover", "verify", handover)).Exits(0);
        (await server.AssessAsync(bob, "handover", "verify", handover, "--server")).Exits(0);
        (await server.AssessAsync(erin, "keys", "get", "--out", keys)).Exits(0);
        (await server.AssessAsync(carol, "audit", "events", "--out", events)).Exits(0);
        Assert.Contains("\"revokedAt\":\"", await File.ReadAllTextAsync(keys), StringComparison.Ordinal);
        verified = (await CliRunner.RunAsync(null, null, server.Scratch, "handover", "verify", handover, "--keys", keys, "--events", events)).Exits(0);
        Assert.Contains("with every personal signature", verified.Stdout, StringComparison.Ordinal);
        (await CliRunner.RunAsync(null, null, server.Scratch, "audit", "verify", "--offline", "--events", events, "--keys", keys)).Exits(0);
    }

    // assess emergency signs the declaration like every other action: recorded signed with the
    // declarer's key, and refused (422, nothing recorded) with a key that is not theirs.
    [Fact]
    public async Task Assess_emergency_signs_the_declaration_and_a_key_not_the_declarers_is_refused_with_nothing_recorded()
    {
        using var server = new CliServer();
        server.App.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        git.Commit("Upgrade OpenSSL to 1.0.1g", Files(("openssl.version", "1.0.1g\n")), "sam", "sam@example.org");
        await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
        var sam = await server.TokenAsync("sam", "sysadmin");
        var (samKey, otherKey) = (PersonKeyPair.Ed25519(), PersonKeyPair.P256());
        using (var client = server.App.As(sam))
        {
            (await client.PostAsJsonAsync("/api/me/keys", new { publicKey = samKey.OpenSshLine })).EnsureSuccessStatusCode();
        }
        var samFile = server.NewFile("sam.pem");
        var otherFile = server.NewFile("other.pem");
        await File.WriteAllTextAsync(samFile, samKey.PrivatePem);
        await File.WriteAllTextAsync(otherFile, otherKey.PrivatePem);
        Task<CliResult> Declare(string keyFile) => CliRunner.RunAsync(server.Url, sam, git.Path,
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["ASSESS_SIGNING_KEY"] = keyFile },
            "--json", "emergency", "--repo", CliServer.Repo, "--commit", "main", "--title", "Upgrade OpenSSL (Heartbleed)", "--reason", "CVE-2014-0160");
        using var admin = server.App.Admin;
        async Task<int> DeclaredEvents() => (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/audit/events"))
            .EnumerateArray().Count(e => e.GetProperty("type").GetString() == "emergency.declared");

        var refused = await Declare(otherFile);
        refused.Exits(1);
        Assert.Contains("not a key registered to sam", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(422, Parse(refused).Int("status"));
        Assert.Empty((await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/patches")).EnumerateArray());
        Assert.Equal(0, await DeclaredEvents());

        var declared = Parse((await Declare(samFile)).Exits(0));
        var production = Assert.Single(declared.Items("deployments"));
        Assert.True(production.Bool("signed"));
        Assert.Equal(samKey.KeyId, production.Str("keyId"));
        Assert.Equal(1, await DeclaredEvents());
        Assert.True((await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    // Someone holding the database writes bob's approval and appends its event with a recomputed
    // hash, without bob's signature: `assess audit verify` names the record online, and offline,
    // from the saved log and keys alone, names the event the document required a signature on.
    [Fact]
    public async Task An_unsigned_approval_written_into_the_database_fails_audit_verify_online_and_offline()
    {
        using var server = new CliServer();
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        git.Commit("Raise minimum RSA key size", Files(("policy.ini", "min_rsa_bits = 2048\n")), "alice", "alice@example.org");
        await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
        var alice = await server.TokenAsync("alice", "developer");
        var bob = await server.TokenAsync("bob", "assessor");
        var audrey = await server.TokenAsync("audrey", "auditor");
        using (var client = server.App.As(bob))
        {
            (await client.PostAsJsonAsync("/api/me/keys", new { publicKey = PersonKeyPair.Ed25519().PublicPem })).EnsureSuccessStatusCode();
        }
        (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo, "--title", "RSA", "--base", "release", "--head", "main")).Exits(0);
        (await server.AssessAsync(audrey, "audit", "verify")).Exits(0);

        var head = git.Head;
        server.App.ExecuteSql($"""
            INSERT INTO "Reviews" ("PatchId", "By", "Verdict", "Comment", "Commit", "Revision", "At")
            VALUES (1, 'bob', 'approve', '', '{head}', 1, {server.App.Clock.GetUtcNow().UtcTicks})
            """);
        using (var scope = server.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Assessment.Core.Data.AssessmentDb>();
            var audit = scope.ServiceProvider.GetRequiredService<Assessment.Core.Audit.AuditLog>();
            var workflowHash = db.AuditEvents.Where(e => e.Type == "patch.submitted").Select(e => e.WorkflowHash).First();
            await audit.AppendAsync(db, new Assessment.Core.Audit.AuditEntry("bob", "patch.reviewed",
                new { action = "approve", from = "submitted", to = "submitted", revision = 1, details = new { verdict = "approve", comment = "" } },
                1, head, workflowHash), CancellationToken.None);
            await db.SaveChangesAsync();
        }

        var online = (await server.AssessAsync(audrey, "audit", "verify")).Exits(1);
        Assert.Contains("review", online.Stdout, StringComparison.Ordinal);
        Assert.Contains("of patch 1 by bob (approve)", online.Stdout, StringComparison.Ordinal);
        Assert.Contains("carries no personal signature", online.Stdout, StringComparison.Ordinal);

        var events = server.NewFile("events.json");
        var keys = server.NewFile("keys.json");
        (await server.AssessAsync(audrey, "audit", "events", "--out", events)).Exits(0);
        (await server.AssessAsync(audrey, "keys", "get", "--out", keys)).Exits(0);
        var offline = (await CliRunner.RunAsync(null, null, server.Scratch, "audit", "verify", "--offline", "--events", events, "--keys", keys)).Exits(1);
        Assert.Contains("bob's 'approve' carries no personal signature", offline.Stdout, StringComparison.Ordinal);
        Assert.Contains("regular.md line", offline.Stdout, StringComparison.Ordinal);
    }
}
