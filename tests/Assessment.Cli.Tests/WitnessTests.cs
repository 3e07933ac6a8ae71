using System.Text.Json;
using Assessment.Core.Evidence;
using Assessment.Core.Git;
using Assessment.Core.Witness;
using Assessment.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// The auditor's finding: whoever holds the data directory and the key rewrote the log with
// recomputed hashes and signed a new checkpoint, and `audit verify` said ok. A checkpoint the
// server published to a witness repository beforehand shows the rewrite.
public sealed class WitnessTests
{
    [Fact]
    public async Task A_checkpoint_published_to_the_witness_repository_catches_a_rewrite_with_recomputed_hashes_and_a_re_signed_checkpoint()
    {
        var witness = Path.Combine(TempGitRepo.NewTempFolder("witness"), "witness");
        using var server = new CliServer(new Dictionary<string, string?> { ["Assessment:Witness:Repository"] = witness });
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        git.Commit("Upgrade OpenSSL to 1.0.1g", Files(("openssl.version", "1.0.1g\n")), "sam", "sam@example.org");
        await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
        var audrey = await server.TokenAsync("audrey", "auditor");
        var sam = await server.TokenAsync("sam", "sysadmin");
        var bob = await server.TokenAsync("bob", "assessor");

        // Actions and a production deployment (an emergency deploys to production at once).
        (await server.AssessInAsync(git.Path, sam, "emergency", "--repo", CliServer.Repo, "--commit", "main",
            "--title", "Upgrade OpenSSL (Heartbleed)", "--reason", "CVE-2014-0160 is remotely exploitable.", "--arbitration", "a20140408.1")).Exits(0);
        (await server.AssessAsync(bob, "review", "1", "--approve")).Exits(0);
        var declared = Parse((await server.AssessAsync(audrey, "--json", "audit", "events")).Exits(0)).EnumerateArray()
            .First(e => e.Str("type") == "emergency.declared").GetProperty("sequence").GetInt64();
        await server.App.Services.GetRequiredService<WitnessPublisher>().RoundAsync(CancellationToken.None);

        var published = Assert.Single(Checkpoints(witness));
        Assert.True(published.Sequence >= declared, $"the witness holds checkpoint {published.Sequence}, before the deployment (event {declared})");
        var ok = (await server.AssessAsync(audrey, "audit", "verify", "--since", witness)).Exits(0);
        Assert.Matches($"^ok: [0-9]+ events; the log extends all 1 checkpoint\\(s\\) of {System.Text.RegularExpressions.Regex.Escape(witness)} \\(the latest at {published.Sequence}\\)", ok.Stdout);

        // The attacker stops the server, rewrites the emergency's event (who declared it) and every
        // hash after it, signs a checkpoint of the new head with the server's key, and restarts it.
        server.App.KeepData = true;
        server.App.Dispose();
        var hashes = LogRewrite.SetActor(server.App.DatabasePath, declared, "bob");
        var head = hashes.Keys.Max();
        Assert.NotEqual(published.Hash, hashes[published.Sequence]);
        var key = SigningKey.LoadOrCreateFile(Path.Combine(server.App.DataDirectory, SigningKey.FileName));
        var forged = server.NewFile("forged-checkpoint.json");
        await File.WriteAllTextAsync(forged, Checkpoint.Sign(key, head, hashes[head], server.App.Clock.GetUtcNow()).ToJson());
        using var restarted = new CliServer(server);

        // Without the witness, the chain is whole and the checkpoint is signed: only the records,
        // which the rewrite left as they were, no longer match the log.
        var records = (await restarted.AssessAsync(audrey, "audit", "verify")).Exits(1).Stdout;
        Assert.Contains("the declaration 1 of patch 1 by sam", records, StringComparison.Ordinal);
        Assert.Contains("no event in the log records it", records, StringComparison.Ordinal);
        (await restarted.AssessAsync(audrey, "audit", "verify", "--offline", "--since", forged)).Exits(0);

        // With it, the rewrite shows, online and offline, naming the checkpoint's sequence.
        foreach (var offline in new[] { false, true })
        {
            string[] args = offline ? ["audit", "verify", "--offline", "--since", witness] : ["audit", "verify", "--since", witness];
            var caught = (await restarted.AssessAsync(audrey, args)).Exits(1);
            Assert.StartsWith($"not ok: checkpoint {published.Sequence} (commit ", caught.Stdout, StringComparison.Ordinal);
            Assert.Contains($"the log no longer extends checkpoint {published.Sequence}: event {published.Sequence}'s hash is now {hashes[published.Sequence]}, " +
                $"the checkpoint says {published.Hash}", caught.Stdout, StringComparison.Ordinal);
        }

        // A re-signed checkpoint of the same position added to the witness does not hide it: the two disagree.
        var resigned = Checkpoint.Sign(key, published.Sequence, hashes[published.Sequence], server.App.Clock.GetUtcNow());
        WitnessRepository.Publish(witness, null, "main", resigned.Sequence, resigned.Hash, resigned.At, resigned.ToJson());
        var disagree = (await restarted.AssessAsync(audrey, "audit", "verify", "--since", witness)).Exits(1);
        var line = Assert.Single(disagree.Stdout.Split('\n'), l => l.StartsWith($"not ok: checkpoints disagree at sequence {published.Sequence}: ", StringComparison.Ordinal));
        Assert.Contains($"hash {published.Hash} (commit ", line, StringComparison.Ordinal);
        Assert.Contains($"hash {resigned.Hash} (commit ", line, StringComparison.Ordinal);
        Assert.Contains($"not ok: checkpoint {published.Sequence} (commit ", disagree.Stdout, StringComparison.Ordinal);
    }

    private static List<SignedCheckpoint> Checkpoints(string witness) =>
        [.. WitnessRepository.ReadAll(witness).Where(e => e.Source.StartsWith(WitnessRepository.Folder + "/", StringComparison.Ordinal))
            .Select(e => JsonSerializer.Deserialize<SignedCheckpoint>(e.Json, EvidenceJson.Options)!)];
}
