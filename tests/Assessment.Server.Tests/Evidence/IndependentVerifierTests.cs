using System.Diagnostics;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Git;
using Assessment.Core.Witness;
using Assessment.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Evidence;

// tests/evidence_verifier.py was written from docs/evidence-format.md alone and shares no code
// with the server: it checks a real server's log, checkpoint and hand-over, and catches a
// one-byte change in each. .ci/run installs python3 and python3-cryptography and requires it.
public sealed class IndependentVerifierTests
{
    private static readonly string Script = Path.Combine(RepoRoot.Path, "tests", "evidence_verifier.py");

    [SkippableFact]
    public async Task The_python_verifier_accepts_a_real_log_checkpoint_and_handover_and_catches_edits()
    {
        RequirePython();
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var dir = TempGitRepo.NewTempFolder("verifier");
        try
        {
            var events = await SaveAsync(s, "/api/audit/events?limit=100000", dir, "events.json");
            var keys = await SaveAsync(s, "/api/keys", dir, "keys.json");
            var checkpoint = await SaveAsync(s, "/api/audit/checkpoint", dir, "checkpoint.json");
            var handover = await SaveAsync(s, $"/api/patches/{id}/handover", dir, "handover.json");

            var log = await RunAsync("log", events, keys, checkpoint);
            Assert.True(log.Code == 0, log.Output);
            Assert.Matches(@"^ok: \d+ events, head [0-9a-f]{64}; extends checkpoint \d+$", log.Output);
            var ho = await RunAsync("handover", handover, keys, events);
            Assert.True(ho.Code == 0, ho.Output);
            Assert.StartsWith($"ok: hand-over of patch {id} ", ho.Output, StringComparison.Ordinal);
            var vectors = await RunAsync("vectors", Path.Combine(RepoRoot.Path, "docs", "evidence-format.md"));
            Assert.True(vectors.Code == 0, vectors.Output);

            // One changed character in an event's details, in the checkpoint, in the hand-over.
            var text = await File.ReadAllTextAsync(events);
            await File.WriteAllTextAsync(events, text.Replace("\"actor\":\"bob\"", "\"actor\":\"bib\"", StringComparison.Ordinal));
            Assert.Equal((1, "not ok: event "), Head(await RunAsync("log", events, keys)));
            await File.WriteAllTextAsync(events, text);
            var cp = await File.ReadAllTextAsync(checkpoint);
            await File.WriteAllTextAsync(checkpoint, cp.Replace("\"sequence\":", "\"sequence\":1", StringComparison.Ordinal));
            Assert.Equal((1, "not ok: checkpoint "), Head(await RunAsync("log", events, keys, checkpoint)));
            var env = await File.ReadAllTextAsync(handover);
            var payload = System.Text.Json.JsonDocument.Parse(env).RootElement.GetProperty("payload").GetString()!;
            var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
                System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload)).Replace("\"carol\"", "\"mallory\"", StringComparison.Ordinal)));
            await File.WriteAllTextAsync(handover, env.Replace(payload, forged, StringComparison.Ordinal));
            Assert.Equal((1, "not ok: no signature of the envelope verifies with the keys"), (await RunAsync("handover", handover, keys, events)) is var r
                ? (r.Code, r.Output) : default);
        }
        finally
        {
            TempGitRepo.DeleteFolder(dir);
        }
    }

    // Every personal signature of a hand-over, checked by the script against the keys the log gave
    // each person at the record's time: carol revoked her key after blessing, and her signatures
    // stand; one removed, one swapped, or one made with her key after its revocation fails.
    [SkippableFact]
    public async Task The_python_verifier_checks_each_personal_signature_by_the_keys_of_the_log_and_catches_removed_altered_and_revoked_ones()
    {
        RequirePython();
        using var s = await Scenario.StartAsync();
        var (bob, carol) = (PersonKeyPair.P256(), PersonKeyPair.Ed25519());
        await ApiAssert.StatusAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey = bob.PublicPem }), System.Net.HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = carol.OpenSshLine }), System.Net.HttpStatusCode.Created);
        var id = await s.SubmitAsync();
        var at = s.App.Clock.GetUtcNow();
        foreach (var (who, key) in new[] { ("bob", bob), ("carol", carol) })
        {
            await ApiAssert.StatusAsync(await s.PostAsync(who, $"/api/patches/{id}/reviews",
                new { verdict = "approve", signature = key.Sign(Scenario.Repo, s.Fix2, id, 1, "review", "approve", who, at) }), System.Net.HttpStatusCode.Created);
        }
        await s.StepsAsync(id, s.Fix2, "alice", "deploy-test", "pass");
        await ApiAssert.StatusAsync(await s.PostAsync("carol", $"/api/patches/{id}/blessing",
            new { comment = "ok", signature = carol.Sign(Scenario.Repo, s.Fix2, id, 1, "bless", null, "carol", at) }), System.Net.HttpStatusCode.Created);
        var dir = TempGitRepo.NewTempFolder("verifier");
        try
        {
            var handover = await SaveAsync(s, $"/api/patches/{id}/handover", dir, "handover.json");
            s.App.Clock.Advance(TimeSpan.FromMinutes(1));
            await ApiAssert.StatusAsync(await s["carol"].DeleteAsync($"/api/me/keys/{carol.KeyId}"), System.Net.HttpStatusCode.OK);
            var events = await SaveAsync(s, "/api/audit/events?limit=100000", dir, "events.json");
            var keys = await SaveAsync(s, "/api/keys", dir, "keys.json");

            var ok = await RunAsync("handover", handover, keys, events);
            Assert.True(ok.Code == 0, ok.Output);
            Assert.EndsWith(", 3 personal signature(s) verified", ok.Output, StringComparison.Ordinal);

            // What whoever holds the server's key could issue instead.
            var serverKey = s.App.Services.GetRequiredService<SigningKey>();
            var p = Handover.Verify(await File.ReadAllTextAsync(handover), serverKey.PublicKeyPem, serverKey.KeyId, null).Predicate!;
            async Task<(int Code, string Output)> Forged(HandoverPredicate changed)
            {
                var file = Path.Combine(dir, "forged.json");
                await File.WriteAllTextAsync(file, Dsse.ToJson(Handover.Issue(serverKey, changed, p.Repository, p.Commit)));
                return await RunAsync("handover", file, keys, events);
            }
            Assert.Equal((1, "not ok: the review by bob carries no personal signature, which the document required (if-key)"),
                await Forged(p with { Reviewers = [p.Reviewers[0] with { Signature = p.Reviewers[0].Signature! with { Envelope = null } }, p.Reviewers[1]] }));
            Assert.Equal((1, "not ok: the review by bob carries no personal signature, which the document required (if-key)"),
                await Forged(p with { Reviewers = [p.Reviewers[0] with { Signature = null }, p.Reviewers[1]] }));
            var swapped = await Forged(p with { Reviewers = [p.Reviewers[0], p.Reviewers[1] with { Signature = p.BlessingSignature }] });
            Assert.True(swapped.Code == 1 && swapped.Output.StartsWith("not ok: the review by carol: it signs ", StringComparison.Ordinal), swapped.Output);
            var env = p.BlessingSignature!.Envelope!;
            var flipped = await Forged(p with
            {
                BlessingSignature = new PersonalSignature(true, env with { Signatures = [env.Signatures[0] with { Sig = Convert.ToBase64String(new byte[64]) }] }),
            });
            Assert.True(flipped.Code == 1 && flipped.Output.StartsWith("not ok: the blessing by carol: no key of carol's in force at ", StringComparison.Ordinal), flipped.Output);

            // carol's key, stolen after she revoked it, signs her review anew, dated after the revocation.
            // A key is in force by the log's order: the record names the event that recorded it, and
            // the revocation's event is not her review's; a record naming no event is judged by its time.
            var later = s.App.Clock.GetUtcNow();
            var stolen = new PersonalSignature(true, (DsseEnvelope)carol.Sign(Scenario.Repo, s.Fix2, id, 1, "review", "approve", "carol", later));
            var revocation = (await s.EventsAsync()).Last(e => e.Str("type") == "user.key-revoked").GetProperty("sequence").GetInt64();
            var named = await Forged(p with { Reviewers = [p.Reviewers[0], p.Reviewers[1] with { At = later, Signature = stolen, Event = revocation }] });
            Assert.Equal((1, $"not ok: the review by carol: event {revocation} of the log is not its event"), named);
            var timed = await Forged(p with { Reviewers = [p.Reviewers[0], p.Reviewers[1] with { At = later, Signature = stolen, Event = null }] });
            Assert.True(timed.Code == 1 && timed.Output.StartsWith("not ok: the review by carol: no key of carol's in force at ", StringComparison.Ordinal), timed.Output);
        }
        finally
        {
            TempGitRepo.DeleteFolder(dir);
        }
    }

    // The script reads a witness repository with git: the log as served extends every checkpoint
    // there; the log rewritten with recomputed hashes passes the chain check and a checkpoint the
    // attacker signs anew, and the witness catches it; a re-signed checkpoint added to the witness disagrees.
    [SkippableFact]
    public async Task The_python_verifier_reads_the_witness_repository_and_catches_a_rewritten_log_with_a_re_signed_checkpoint()
    {
        RequirePython();
        var witness = Path.Combine(TempGitRepo.NewTempFolder("witness"), "checkpoints-repo");
        using var s = await Scenario.StartAsync(settings: new Dictionary<string, string?> { ["Assessment:Witness:Repository"] = witness });
        await s.RegularInStateAsync("deployed");
        await s.App.Services.GetRequiredService<WitnessPublisher>().RoundAsync(CancellationToken.None);
        var dir = TempGitRepo.NewTempFolder("verifier");
        try
        {
            var events = await SaveAsync(s, "/api/audit/events?limit=100000", dir, "events.json");
            var keys = await SaveAsync(s, "/api/keys", dir, "keys.json");
            var ok = await RunAsync("witness", witness, events, keys);
            Assert.True(ok.Code == 0, ok.Output);
            Assert.Matches(@"^ok: \d+ events, head [0-9a-f]{64}; extends all 1 witnessed checkpoint\(s\)$", ok.Output);
            var published = Assert.Single(WitnessRepository.ReadAll(witness), e => e.Source.StartsWith(WitnessRepository.Folder + "/", StringComparison.Ordinal));
            var checkpoint = System.Text.Json.JsonSerializer.Deserialize<SignedCheckpoint>(published.Json, EvidenceJson.Options)!;

            // The blessing said to be mallory's, every hash after it recomputed, the new head signed.
            var log = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(events))!.AsArray();
            var blessed = log.First(e => (string?)e!["type"] == "patch.blessed")!;
            blessed["actor"] = "mallory";
            using var canonical = new CanonicalEvent();
            var previous = new string('0', 64);
            foreach (var node in log)
            {
                var e = node!;
                var audit = new AuditEvent
                {
                    Sequence = (long)e["sequence"]!, Format = (int)e["format"]!, At = DateTimeOffset.Parse((string)e["at"]!, System.Globalization.CultureInfo.InvariantCulture),
                    Actor = (string)e["actor"]!, Type = (string)e["type"]!, PatchId = (int?)e["patch"], Commit = (string?)e["commit"],
                    WorkflowHash = (string?)e["workflowHash"], Data = (string)e["dataText"]!, PreviousHash = previous, Hash = "",
                };
                e["previousHash"] = previous;
                var hash = new byte[32];
                canonical.Hash(audit, hash);
                e["hash"] = previous = Convert.ToHexStringLower(hash);
            }
            var rewritten = Path.Combine(dir, "rewritten.json");
            await File.WriteAllTextAsync(rewritten, log.ToJsonString());
            var serverKey = s.App.Services.GetRequiredService<SigningKey>();
            var forged = Path.Combine(dir, "forged-checkpoint.json");
            await File.WriteAllTextAsync(forged, Checkpoint.Sign(serverKey, log.Count, previous, s.App.Clock.GetUtcNow()).ToJson());
            var fooled = await RunAsync("log", rewritten, keys, forged);
            Assert.True(fooled.Code == 0, fooled.Output);

            var caught = await RunAsync("witness", witness, rewritten, keys);
            Assert.True(caught.Code == 1 && caught.Output.StartsWith($"not ok: the log no longer extends checkpoint {checkpoint.Sequence} (", StringComparison.Ordinal), caught.Output);

            var newHash = (string)log[(int)checkpoint.Sequence - 1]!["hash"]!;
            var resigned = Checkpoint.Sign(serverKey, checkpoint.Sequence, newHash, s.App.Clock.GetUtcNow());
            WitnessRepository.Publish(witness, null, "main", resigned.Sequence, resigned.Hash, resigned.At, resigned.ToJson());
            var disagree = await RunAsync("witness", witness, rewritten, keys);
            Assert.True(disagree.Code == 1 && disagree.Output.StartsWith($"not ok: checkpoints disagree at sequence {checkpoint.Sequence}: ", StringComparison.Ordinal), disagree.Output);
        }
        finally
        {
            TempGitRepo.DeleteFolder(dir);
            TempGitRepo.DeleteFolder(Path.GetDirectoryName(witness)!);
        }
    }

    internal static void RequirePython()
    {
        var present = File.Exists("/usr/bin/python3") && Run("/usr/bin/python3", "-c", "import cryptography").Code == 0;
        if (present) return;
        Assert.False(Environment.GetEnvironmentVariable("ASSESSMENT_REQUIRE_PYTHON") == "1",
            "ASSESSMENT_REQUIRE_PYTHON=1 but python3 with the cryptography package is missing (apt-get install python3-cryptography)");
        Skip.If(true, "python3 with the cryptography package is missing: the independent verifier is not run");
    }

    internal static Task<(int Code, string Output)> RunAsync(params string[] args) =>
        Task.Run(() => Run("/usr/bin/python3", [Script, .. args]));

    private static (int, string) Head((int Code, string Output) r) =>
        (r.Code, r.Output.Length >= 14 && r.Output.StartsWith("not ok: ", StringComparison.Ordinal)
            ? r.Output[..(r.Output.IndexOf(' ', 8) + 1)] : r.Output);

    internal static async Task<string> SaveAsync(Scenario s, string path, string dir, string name)
    {
        var response = await s["audrey"].GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        var file = Path.Combine(dir, name);
        await File.WriteAllTextAsync(file, body);
        return file;
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
