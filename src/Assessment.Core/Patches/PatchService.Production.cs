using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Git;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

// What a production environment runs, so that production only moves forward.
internal sealed record ProductionDrop(string? Running, IReadOnlyList<CommitInfo> Commits);

internal sealed partial class PatchService
{
    // The commit the environment runs: its last deployment in this repository, or before the
    // first one the repository's production branch. Null when neither is known.
    private async Task<string?> RunningAsync(GitRepository repository, string environment, CancellationToken ct)
    {
        var last = await db.Deployments
            .Where(d => d.Environment == environment && db.Patches.Any(p => p.Id == d.PatchId && p.RepositoryId == repository.Id))
            .OrderByDescending(d => d.Id)
            .Select(d => d.Commit)
            .FirstOrDefaultAsync(ct);
        if (last is not null) return last;
        using var repo = GitReader.Open(repository.Path);
        return GitReader.BranchTip(repo, repository.ProductionBranch) ?? repository.ExplainedThrough;
    }

    // The commits the environment runs that `commit` lacks (empty: the deployment moves forward).
    private async Task<ProductionDrop> DroppedFromProductionAsync(GitRepository repository, string environment, string commit, CancellationToken ct)
    {
        var running = await RunningAsync(repository, environment, ct);
        if (running is null) return new ProductionDrop(null, []);
        using var repo = GitReader.Open(repository.Path);
        return GitReader.Dropped(repo, running, commit) is { } dropped ? new ProductionDrop(running, dropped) : new ProductionDrop(null, []);
    }
}

internal sealed partial class PatchService
{
    // The hand-over a production deployment was checked against must be the one issued for the
    // blessing being deployed: a digest of any other document is refused and nothing recorded.
    private async Task<string?> HandoverDigestAsync(Patch patch, string environmentKind, string? digest, CancellationToken ct)
    {
        if (digest is null) return null;
        var given = digest.Trim();
        if (environmentKind != DeploymentEnvironments.Production)
        {
            throw Refusal.Invalid("handover: only a production deployment is checked against a hand-over");
        }
        var issued = patch.Blessing is { } blessing
            ? await db.Handovers.AsNoTracking().Where(h => h.BlessingEvent == blessing.EventSequence).Select(h => h.Digest).FirstOrDefaultAsync(ct)
            : null;
        if (issued is null)
        {
            throw Refusal.Invalid($"handover: no hand-over was issued for patch {patch.Id}'s blessing; fetch it (GET /api/patches/{patch.Id}/handover) and check it first");
        }
        return string.Equals(given, issued, StringComparison.OrdinalIgnoreCase)
            ? issued
            : throw Refusal.Invalid($"handover: {Input.Fields.Show(given)} is not the digest of the hand-over issued for patch {patch.Id} ({issued})");
    }
}
