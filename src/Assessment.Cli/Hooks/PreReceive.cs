using System.Text.Json;
using System.Text.RegularExpressions;

namespace Assessment.Cli.Hooks;

// The pre-receive hook of a controlled repository: for every ref update git announces, list the
// new commits (they are in quarantine, where only git's children see them), ask the server, and
// refuse the whole push if any update is refused. No answer from the server is a refusal, unless
// the server said at its last answer that the repository fails open.
internal sealed partial class PreReceive(ApiClient api, TextReader input, TextWriter output, TextWriter error, string gitDirectory)
{
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    // Remembers the server's last word on failing open, in the repository itself.
    public const string SettingFile = "assessment-gate";

    public static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(30);

    [GeneratedRegex("^([0-9a-f]{40}) ([0-9a-f]{40}) (refs/.+)$")]
    private static partial Regex UpdateLine();

    private sealed record Update(string Old, string New, string Ref);

    private sealed record Check(string Ref, string Old, string New, IReadOnlyList<string> Commits, IReadOnlyList<string> Dropped);

    public async Task<int> RunAsync(string repository, CancellationToken ct)
    {
        var updates = new List<Update>();
        while (await input.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            var m = UpdateLine().Match(line);
            if (!m.Success)
            {
                await error.WriteLineAsync($"assessment: refused: cannot read the update line '{line}' (expected '<old> <new> <ref>')");
                return ExitCodes.Failed;
            }
            updates.Add(new Update(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));
        }
        var allowed = true;
        foreach (var update in updates)
        {
            var check = await ListAsync(update, ct);
            JsonElement answer;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(ServerTimeout);
                var path = $"api/repositories/{Uri.EscapeDataString(repository)}/push-checks";
                answer = (await api.PostAsync(path, check, timeout.Token)).Json;
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                return await UnreachableAsync(e);
            }
            catch (ApiException e)
            {
                await error.WriteLineAsync($"assessment: refused {update.Ref}: the server refused the check: {e.Message}");
                return ExitCodes.Failed;
            }
            await RememberAsync(answer.TryGetProperty("failOpen", out var f) && f.ValueKind == JsonValueKind.True, ct);
            allowed &= await ReportAsync(update, answer);
        }
        return allowed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private async Task<Check> ListAsync(Update update, CancellationToken ct)
    {
        if (update.New == ZeroSha) return new Check(update.Ref, update.Old, update.New, [], []);
        // A new ref: the commits no existing ref has; an update: those the old tip lacks.
        var commits = update.Old == ZeroSha
            ? await Git.LinesAsync(gitDirectory, ["rev-list", update.New, "--not", "--all"], ct)
            : await Git.LinesAsync(gitDirectory, ["rev-list", update.New, "--not", update.Old], ct);
        var dropped = update.Old == ZeroSha ? [] : await Git.LinesAsync(gitDirectory, ["rev-list", update.Old, "--not", update.New], ct);
        return new Check(update.Ref, update.Old, update.New, commits, dropped);
    }

    private async Task<bool> ReportAsync(Update update, JsonElement answer)
    {
        var ok = answer.TryGetProperty("allowed", out var a) && a.ValueKind == JsonValueKind.True;
        var detail = answer.TryGetProperty("detail", out var d) ? d.GetString() : null;
        var writer = ok ? output : error;
        await writer.WriteLineAsync($"assessment: {(ok ? "accepted" : "refused")} {update.Ref}: {detail}");
        if (ok || !answer.TryGetProperty("commits", out var commits) || commits.ValueKind != JsonValueKind.Array) return ok;
        foreach (var c in commits.EnumerateArray().Where(c => c.TryGetProperty("covered", out var v) && v.ValueKind == JsonValueKind.False))
        {
            await error.WriteLineAsync($"assessment:   {c.GetProperty("sha").GetString()?[..12]}: {c.GetProperty("reason").GetString()}");
        }
        return ok;
    }

    private async Task<int> UnreachableAsync(Exception e)
    {
        var setting = Path.Combine(gitDirectory, SettingFile);
        var failOpen = File.Exists(setting) && (await File.ReadAllTextAsync(setting, CancellationToken.None)).Trim() == "fail-open";
        var what = $"cannot reach the Assessment server at {api.BaseAddress} ({e.Message})";
        if (failOpen)
        {
            await error.WriteLineAsync($"assessment: WARNING: {what}; this repository is set to fail open, so the push passes unchecked");
            return ExitCodes.Ok;
        }
        await error.WriteLineAsync($"assessment: refused: {what}; the gate fails closed. Try again once the server is back.");
        return ExitCodes.Failed;
    }

    private async Task RememberAsync(bool failOpen, CancellationToken ct)
    {
        try
        {
            await File.WriteAllTextAsync(Path.Combine(gitDirectory, SettingFile), failOpen ? "fail-open\n" : "fail-closed\n", ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not fatal: the hook falls back to failing closed.
            await error.WriteLineAsync($"assessment: note: cannot remember the fail-open setting: {e.Message}");
        }
    }
}
