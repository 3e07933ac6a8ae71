using System.Text.Json.Nodes;
using Assessment.TestSupport;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// README's walk-through, one patch from commit to production, every step through the binary.
public sealed class WalkThroughTests
{
    private const string Motion = "m20100117.3";

    [Fact]
    public async Task A_regular_patch_goes_from_commit_to_production()
    {
        // The server logs each request, so the test sees what the hand-over's checks ask for.
        using var server = new CliServer(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" });
        using var git = TempGitRepo.Create();
        var initial = git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        var change = git.Commit("Raise minimum RSA key size", Files(("policy.ini", "min_rsa_bits = 2048\n")), "alice", "alice@example.org");
        var admin = AssessmentApp.AdminToken;

        // The admin registers the repository and the people.
        var added = (await server.AssessAsync(admin, "repo", "add", CliServer.Repo, "--path", git.Path, "--production-branch", "release")).Exits(0);
        Assert.Equal($"Added repository {CliServer.Repo} ({git.Path}), production branch release.", added.Stdout.Trim());
        var alice = await AddUserAsync(server, "alice", "developer", "--email", "alice@example.org");
        var bob = await AddUserAsync(server, "bob", "assessor");
        var carol = await AddUserAsync(server, "carol", "assessor");
        var dave = await AddUserAsync(server, "dave", "tester");
        var erin = await AddUserAsync(server, "erin", "tester");
        var sam = await AddUserAsync(server, "sam", "sysadmin");

        // Alice submits release..main from inside her checkout: the refs resolve there to full shas.
        var submitted = (await server.AssessInAsync(git.Path, alice, "submit", "--repo", CliServer.Repo,
            "--title", "Raise minimum RSA key size", "--base", "release", "--head", "main", "--bug", "1251",
            "--description", "Policy change from motion m20140731.1.")).Exits(0);
        Assert.StartsWith("Patch #1  Raise minimum RSA key size", submitted.Stdout, StringComparison.Ordinal);
        Assert.Contains("submitted (regular, revision 1)", submitted.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{initial}..{change}", submitted.Stdout, StringComparison.Ordinal);

        var shown = (await server.AssessAsync(alice, "show", "1")).Exits(0);
        Assert.StartsWith("Patch #1  Raise minimum RSA key size", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("Policy change from motion m20140731.1.", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("1251", shown.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^  {change[..12]}\s+alice\s+Raise minimum RSA key size$", shown.Stdout);
        Assert.Contains("Reviews: none", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("Next actions: revise, withdraw", shown.Stdout, StringComparison.Ordinal);

        // Alice may not review her own patch (she is no assessor either: the server says which rule).
        var own = (await server.AssessAsync(alice, "review", "1", "--approve")).Exits(1);
        Assert.Contains("error: action 'approve' may be taken by assessor", own.Stderr, StringComparison.Ordinal);
        Assert.Contains("alice holds developer", own.Stderr, StringComparison.Ordinal);
        Assert.Equal("", own.Stdout);

        var first = (await server.AssessAsync(bob, "review", "1", "--approve", "--comment", "Key size check is right.")).Exits(0);
        Assert.Contains($"Reviewed commit {change} of patch #1: approve.", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Patch #1 is submitted", first.Stdout, StringComparison.Ordinal);
        var second = (await server.AssessAsync(carol, "review", "1", "--approve", "--comment", "Matches the policy.")).Exits(0);
        Assert.Contains("Patch #1 is reviewed", second.Stdout, StringComparison.Ordinal);

        var onTest = (await server.AssessAsync(bob, "deploy", "1", "--env", "test")).Exits(0);
        Assert.Contains($"Deployed commit {change} of patch #1 to test.", onTest.Stdout, StringComparison.Ordinal);
        Assert.Contains("Patch #1 is on-test", onTest.Stdout, StringComparison.Ordinal);
        Assert.Contains("Patch #1 is on-test", (await server.AssessAsync(dave, "test", "1", "--pass", "--comment", "1024-bit CSR refused.")).Exits(0).Stdout, StringComparison.Ordinal);
        Assert.Contains("Patch #1 is tested", (await server.AssessAsync(erin, "test", "1", "--pass")).Exits(0).Stdout, StringComparison.Ordinal);

        // Production before the blessing: refused, with the rule.
        var early = (await server.AssessAsync(sam, "deploy", "1", "--env", "production")).Exits(1);
        Assert.Contains("error: action 'deploy-production' is not allowed while patch 1 is 'tested'", early.Stderr, StringComparison.Ordinal);
        Assert.Contains("allows it in: blessed", early.Stderr, StringComparison.Ordinal);

        var blessed = (await server.AssessAsync(carol, "bless", "1", "--comment", "Blessed for production.")).Exits(0);
        Assert.Contains("Blessed patch #1.", blessed.Stdout, StringComparison.Ordinal);
        Assert.Contains("Patch #1 is blessed", blessed.Stdout, StringComparison.Ordinal);

        // The sysadmin fetches the hand-over and checks it offline against the key and the repository.
        var handover = server.NewFile("handover-1.json");
        var saved = (await server.AssessAsync(sam, "handover", "get", "1", "--out", handover)).Exits(0);
        Assert.Equal($"Saved the hand-over of patch #1 to {handover}.", saved.Stdout.Trim());
        var verified = (await server.AssessAsync(sam, "handover", "verify", handover, "--repo", git.Path)).Exits(0);
        Assert.StartsWith($"ok: hand-over of patch 1 ({CliServer.Repo} {change}) signed by key ", verified.Stdout, StringComparison.Ordinal);

        // One character of the signed payload changed, the document still valid JSON: refused.
        var tampered = server.NewFile("handover-1-tampered.json");
        await File.WriteAllTextAsync(tampered, FlipPayloadCharacter(await File.ReadAllTextAsync(handover)));
        var refused = (await server.AssessAsync(sam, "handover", "verify", tampered, "--repo", git.Path)).Exits(1);
        Assert.StartsWith("not ok: signature does not verify with key ", refused.Stdout, StringComparison.Ordinal);
        var refusedByServer = (await server.AssessAsync(sam, "handover", "verify", tampered, "--server")).Exits(1);
        Assert.StartsWith("not ok: signature does not verify with key ", refusedByServer.Stdout, StringComparison.Ordinal);

        // The sysadmin deploys only against a hand-over that verifies: a tampered one stops it.
        var notDeployed = (await server.AssessAsync(sam, "deploy", "1", "--env", "production", "--handover", tampered)).Exits(1);
        Assert.StartsWith("error: not deployed: the hand-over does not verify:", notDeployed.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Equal("blessed", Parse((await server.AssessAsync(sam, "--json", "show", "1")).Exits(0)).Str("state"));
        var deployed = (await server.AssessAsync(sam, "deploy", "1", "--env", "production", "--handover", handover, "--repo", git.Path)).Exits(0);
        Assert.Contains($"Deployed commit {change} of patch #1 to production.", deployed.Stdout, StringComparison.Ordinal);
        Assert.Contains("Patch #1 is deployed", deployed.Stdout, StringComparison.Ordinal);
        // The online checks (verify, deploy --handover) ask the log for the workflow document's
        // version only, not for the whole log.
        var logReads = server.App.Logs.Lines.Select(l => l.Message).Where(m => m.Contains("/api/audit/events", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(logReads);
        Assert.All(logReads, m => Assert.Contains("type=workflow.loaded", m, StringComparison.Ordinal));

        var patch = Parse((await server.AssessAsync(sam, "--json", "show", "1")).Exits(0));
        Assert.Equal(("deployed", "regular", "alice", initial, change), (patch.Str("state"), patch.Str("kind"), patch.Str("author"), patch.Str("base"), patch.Str("head")));
        Assert.Equal(["bob", "carol"], patch.Items("reviews").Select(r => r.Str("by")));
        Assert.Equal(["dave", "erin"], patch.Items("tests").Select(t => t.Str("by")));
        Assert.Equal([("test", change, "bob"), ("production", change, "sam")],
            patch.Items("deployments").Select(d => (d.Str("environment"), d.Str("commit"), d.Str("by"))));
        Assert.Equal(("carol", change), (patch.GetProperty("blessing").Str("by"), patch.GetProperty("blessing").Str("commit")));
        // The deployment names the hand-over it was checked against: the digest of the saved file's bytes.
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(handover))),
            patch.Items("deployments")[^1].Str("handover"));

        // The production branch follows production: covered. A commit put there outside the process is drift.
        var noDrift = (await server.AssessAsync(sam, "drift", "--repo", CliServer.Repo)).Exits(0);
        Assert.Contains("no drift: every commit on production is covered", noDrift.Stdout, StringComparison.Ordinal);
        MoveBranch(git.Path, "release", change);
        Assert.Contains($"production: {change}", (await server.AssessAsync(sam, "drift", "--repo", CliServer.Repo)).Exits(0).Stdout, StringComparison.Ordinal);
        var outside = git.Commit("Harden the OCSP responder", Files(("ocsp.c", "if (len > 32) return ERR;\n")), "Mallory Example", "mallory@example.org");
        MoveBranch(git.Path, "release", outside);
        var drift = (await server.AssessAsync(sam, "drift", "--repo", CliServer.Repo)).Exits(3);
        Assert.Contains("1 commit on production not covered by a blessed or emergency patch:", drift.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^  {outside[..12]}\s+Mallory Example\s+Harden the OCSP responder$", drift.Stdout);
        var driftJson = Parse((await server.AssessAsync(sam, "--json", "drift", "--repo", CliServer.Repo)).Exits(3));
        Assert.Equal([outside], driftJson.Items("commits").Select(c => c.Str("sha")));

        var list = Parse((await server.AssessAsync(sam, "--json", "list")).Exits(0));
        Assert.Equal(System.Text.Json.JsonValueKind.Array, list.ValueKind);
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal((1, "deployed"), (only.Int("id"), only.Str("state")));

        // Offline means offline: keys, log and checkpoint saved, then the server stopped.
        var keys = server.NewFile("keys.json");
        var events = server.NewFile("events.json");
        var checkpoint = server.NewFile("checkpoint.json");
        (await server.AssessAsync(sam, "keys", "get", "--out", keys)).Exits(0);
        (await server.AssessAsync(sam, "audit", "checkpoint", "--out", checkpoint)).Exits(0);
        Assert.StartsWith("Saved ", (await server.AssessAsync(sam, "audit", "events", "--out", events)).Exits(0).Stdout, StringComparison.Ordinal);
        server.App.Dispose();
        Assert.Contains(server.Url, (await server.AssessAsync(sam, "whoami")).Exits(1).Stderr, StringComparison.Ordinal); // nobody answers any more

        var offlineHandover = (await server.AssessAsync(sam, "handover", "verify", handover, "--keys", keys, "--events", events, "--repo", git.Path)).Exits(0);
        Assert.StartsWith("ok: hand-over of patch 1", offlineHandover.Stdout, StringComparison.Ordinal);
        var offlineLog = (await server.AssessAsync(sam, "audit", "verify", "--offline", "--events", events, "--keys", keys, "--since", checkpoint)).Exits(0);
        Assert.Matches(@"^ok: \d+ events, recomputed here; head [0-9a-f]{64}; extends checkpoint \d+$", offlineLog.Stdout.Trim());
        var editedEvents = server.NewFile("events-edited.json");
        await File.WriteAllTextAsync(editedEvents, (await File.ReadAllTextAsync(events)).Replace("\"actor\":\"carol\"", "\"actor\":\"mallory\"", StringComparison.Ordinal));
        var caught = (await server.AssessAsync(sam, "audit", "verify", "--offline", "--events", editedEvents, "--keys", keys)).Exits(1);
        Assert.Matches(@"^not ok: first bad event \d+: event \d+ was altered", caught.Stdout);
    }

    // `user add --token-only` prints the token alone; whoami proves it works.
    private static async Task<string> AddUserAsync(CliServer server, string name, string role, params string[] more)
    {
        var added = (await server.AssessAsync(AssessmentApp.AdminToken, ["user", "add", name, "--roles", role, "--motion", Motion, .. more, "--token-only"])).Exits(0);
        var lines = added.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var token = Assert.Single(lines);
        Assert.DoesNotContain(' ', token);
        var whoami = (await server.AssessAsync(token, "whoami")).Exits(0);
        Assert.StartsWith($"{name} ({role}) at {server.Url}", whoami.Stdout, StringComparison.Ordinal);
        return token;
    }

    private static void MoveBranch(string repositoryPath, string branch, string sha)
    {
        using var repository = new LibGit2Sharp.Repository(repositoryPath);
        repository.Refs.UpdateTarget($"refs/heads/{branch}", sha);
    }

    // Replaces one base64 character in the middle of the DSSE payload by another.
    private static string FlipPayloadCharacter(string envelopeJson)
    {
        var envelope = JsonNode.Parse(envelopeJson)!.AsObject();
        var payload = envelope["payload"]!.GetValue<string>();
        var at = payload.Length / 2;
        var flipped = payload[at] == 'A' ? 'B' : 'A';
        envelope["payload"] = string.Concat(payload.AsSpan(0, at), flipped.ToString(), payload.AsSpan(at + 1));
        Assert.NotEqual(payload, envelope["payload"]!.GetValue<string>());
        return envelope.ToJsonString();
    }
}
