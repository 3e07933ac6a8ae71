using System.Diagnostics;
using Assessment.TestSupport;

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
            var ho = await RunAsync("handover", handover, keys);
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
            Assert.Equal((1, "not ok: no signature of the envelope verifies with the keys"), (await RunAsync("handover", handover, keys)) is var r
                ? (r.Code, r.Output) : default);
        }
        finally
        {
            TempGitRepo.DeleteFolder(dir);
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
