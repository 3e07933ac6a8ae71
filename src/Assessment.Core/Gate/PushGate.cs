using System.Text.RegularExpressions;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Git;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Gate;

// The repository gate: may a push update a ref? Only the production branch is guarded. There a
// push must be a fast-forward and every new commit must be covered the way the drift check
// counts coverage, so that what the gate lets through is never drift.
internal sealed partial class PushGate(AssessmentDb db, WriteGate gate, AuditLog audit)
{
    public const string ZeroSha = "0000000000000000000000000000000000000000";
    private const int MaxCommits = 100_000;

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Sha();

    public async Task<PushCheckResult> CheckAsync(User actor, string repositoryName, PushCheckRequest request, CancellationToken ct)
    {
        var refName = request.Ref is { Length: > 0 and <= 1000 } r && r.StartsWith("refs/", StringComparison.Ordinal) && !r.Any(char.IsControl)
            ? r : throw Refusal.Malformed("ref: required, a full ref name such as refs/heads/release");
        var old = CheckSha(request.Old, "old");
        var @new = CheckSha(request.New, "new");
        var commits = CheckShas(request.Commits, "commits");
        var dropped = CheckShas(request.Dropped ?? [], "dropped");
        var repository = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(x => x.Name == repositoryName, ct)
            ?? throw Refusal.NotFound($"repository '{repositoryName}' is not registered");

        var production = "refs/heads/" + repository.ProductionBranch;
        if (!string.Equals(refName, production, StringComparison.Ordinal))
        {
            return new PushCheckResult(true, $"{refName} is not the production branch ({production}); the gate lets it pass", [], repository.GateFailOpen);
        }
        var result = await JudgeAsync(repository, production, old, @new, commits, dropped, ct);
        await gate.RunAsync(db, async t =>
        {
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "push.checked", new
            {
                repository = repository.Name, @ref = refName, old, @new, allowed = result.Allowed, detail = result.Detail,
                uncovered = result.Commits.Where(c => !c.Covered).Select(c => c.Sha),
            }, Commit: @new == ZeroSha ? null : @new), t);
            return true;
        }, ct);
        return result;
    }

    private async Task<PushCheckResult> JudgeAsync(
        GitRepository repository, string production, string old, string @new, List<string> listed, List<string> dropped, CancellationToken ct)
    {
        var failOpen = repository.GateFailOpen;
        if (@new == ZeroSha)
        {
            return new PushCheckResult(false, $"{production} may not be deleted: production history only moves forward", [], failOpen);
        }
        var ranges = await PatchCoverage.Covering(db, repository.Id).AsNoTracking()
            .Select(p => new CoveringPatch(p.Id, p.Kind, p.State, p.Base, p.Head)).ToListAsync(ct);
        var pending = await db.Patches.AsNoTracking()
            .Where(p => p.RepositoryId == repository.Id && p.Blessing == null && p.DeclaredBy == null)
            .Select(p => new CoveringPatch(p.Id, p.Kind, p.State, p.Base, p.Head)).ToListAsync(ct);

        using var repo = GitReader.Open(repository.Path);
        // The server reads what it can see itself and adds it to the hook's list: a hook that
        // lists too little does not get an unreviewed commit past the gate.
        var commits = new List<string>(listed);
        if (GitReader.Exists(repo, @new))
        {
            var exclude = new List<string>();
            if (old != ZeroSha && GitReader.Exists(repo, old)) exclude.Add(old);
            if (repository.ExplainedThrough is { } e && GitReader.Exists(repo, e)) exclude.Add(e);
            commits.AddRange(CommitWalk.Reachable(repo, @new, exclude, WalkOrder.ChildrenFirst).Where(s => !commits.Contains(s, StringComparer.Ordinal)));
            if (old != ZeroSha && GitReader.Exists(repo, old) && !GitReader.IsAncestor(repo, old, @new))
            {
                dropped = dropped.Union(CommitWalk.Reachable(repo, old, [@new], WalkOrder.NewestFirst), StringComparer.Ordinal).ToList();
            }
        }
        if (dropped.Count > 0)
        {
            return new PushCheckResult(false,
                $"{production} may not be rewound: this push drops {dropped.Count} commit(s) ({string.Join(", ", dropped.Take(5).Select(s => s[..12]))}" +
                $"{(dropped.Count > 5 ? ", ..." : "")}) from production; push a fast-forward of {old[..12]}", [], failOpen);
        }

        var judged = Coverage.Judge(repo, repository.Name, commits, ranges, pending);
        var uncovered = judged.Count(c => !c.Covered);
        var detail = uncovered == 0
            ? $"every new commit on {production} is covered by a blessed patch or a recorded emergency"
            : $"{uncovered} of {judged.Count} new commit(s) on {production} are not covered by a blessed patch or a recorded emergency";
        return new PushCheckResult(uncovered == 0, detail, judged, failOpen);
    }

    private static string CheckSha(string? value, string field) =>
        value is not null && Sha().IsMatch(value) ? value : throw Refusal.Malformed($"{field}: required, a full 40-hex sha (all zeros for none)");

    private static List<string> CheckShas(IReadOnlyList<string>? values, string field)
    {
        if (values is null) throw Refusal.Malformed($"{field}: required, a list of 40-hex shas (possibly empty)");
        if (values.Count > MaxCommits) throw Refusal.Malformed($"{field}: at most {MaxCommits} commits per ref");
        var bad = values.FirstOrDefault(v => v is null || !Sha().IsMatch(v));
        if (values.Any(v => v is null) || bad is not null) throw Refusal.Malformed($"{field}: '{bad}' is not a full 40-hex sha");
        return values.Distinct(StringComparer.Ordinal).ToList();
    }
}
