using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Git;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence;

internal sealed record DriftCommit(string Sha, string Title, string Author, string Email, DateTimeOffset At);

internal sealed record DriftResult(
    string Repository, string Production, IReadOnlyList<DriftCommit> Commits, string? ExplainedThrough, int Walked);

// Commits on production that no blessed, deployed or emergency patch covers: changes made
// outside the process. The explained point (GitRepository.ExplainedThrough) is remembered so
// the next check walks only what is newer.
internal static class CommitDrift
{
    // What covers a commit: PatchCoverage.
    public static async Task<DriftResult> CheckAsync(
        AssessmentDb db, WriteGate gate, AuditLog audit, GitRepository repository, string? commit, string actor, CancellationToken ct)
    {
        var (found, stored, persist) = await WalkAsync(db, repository, commit, ct);
        if (!string.Equals(persist, stored, StringComparison.Ordinal))
        {
            await SaveAsync(db, gate, audit, repository, stored, persist, found.Production, found.Commits.Count, actor, ct);
        }
        return found with { ExplainedThrough = repository.ExplainedThrough };
    }

    // The same answer without recording anything (a GET): the explained point it names is the
    // one a recording check would store.
    public static async Task<DriftResult> ComputeAsync(AssessmentDb db, GitRepository repository, string? commit, CancellationToken ct) =>
        (await WalkAsync(db, repository, commit, ct)).Found;

    private static async Task<(DriftResult Found, string? Stored, string? Persist)> WalkAsync(
        AssessmentDb db, GitRepository repository, string? commit, CancellationToken ct)
    {
        var ranges = await PatchCoverage.Covering(db, repository.Id).AsNoTracking()
            .Select(p => new PatchRange(p.Base, p.Head))
            .ToListAsync(ct);
        var stored = repository.ExplainedThrough;
        string production;
        string? persist;
        DriftWalkResult walk;
        List<DriftCommit> commits;
        using (var repo = GitReader.Open(repository.Path))
        {
            var tip = GitReader.BranchTip(repo, repository.ProductionBranch);
            production = string.IsNullOrWhiteSpace(commit)
                ? tip ?? throw Refusal.Invalid(
                    $"productionBranch: the repository '{repository.Name}' has no branch '{repository.ProductionBranch}'; name a commit")
                : GitReader.Resolve(repo, commit, "commit");
            // History rewritten (or the object is gone): the stored point explains nothing here.
            var start = stored is not null && GitReader.Exists(repo, stored) && GitReader.IsAncestor(repo, stored, production)
                ? stored : null;
            walk = DriftWalk.Run(repo, production, start, ranges);
            persist = ToPersist(repo, stored, walk.ExplainedThrough, tip, string.Equals(production, tip, StringComparison.Ordinal));
            commits = walk.Uncovered.Select(sha => GitReader.Info(repo, sha))
                .Select(c => new DriftCommit(c.Sha, c.Title, c.Author, c.Email, c.At))
                .ToList();
        }
        return (new DriftResult(repository.Name, production, commits, persist, walk.Walked), stored, persist);
    }

    // The stored point serves the production branch. A check of the branch tip replaces it
    // (also with null after a rewrite that left nothing explained); a check of some other
    // commit only moves it forward, and only along what the branch contains.
    private static string? ToPersist(GitRepo repo, string? stored, string? found, string? tip, bool checkedTip)
    {
        if (checkedTip) return found;
        if (found is null || tip is null || string.Equals(found, stored, StringComparison.Ordinal)) return stored;
        var forward = (stored is null || GitReader.IsAncestor(repo, stored, found)) && GitReader.IsAncestor(repo, found, tip);
        return forward ? found : stored;
    }

    private static Task<bool> SaveAsync(
        AssessmentDb db, WriteGate gate, AuditLog audit, GitRepository repository, string? stored, string? next,
        string production, int uncovered, string actor, CancellationToken ct) =>
        gate.RunAsync(db, async t =>
        {
            var row = await db.Repositories.FirstAsync(r => r.Id == repository.Id, t);
            // Another check moved the point since this one read it: keep theirs, it is as good.
            if (!string.Equals(row.ExplainedThrough, stored, StringComparison.Ordinal)) return false;
            row.ExplainedThrough = next;
            repository.ExplainedThrough = next;
            await audit.AppendAsync(db, new AuditEntry(actor, "drift.checked",
                new { repository = repository.Name, production, explainedThrough = next, previous = stored, uncovered }, Commit: production), t);
            return true;
        }, ct);
}
