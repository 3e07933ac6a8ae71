using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

internal static partial class PatchStore
{
    // What LoadForActionAsync reads for one patch, for a page of them in a fixed number of
    // queries: the rows read are bounded by the page and the people involved, never by the
    // patches' histories. The patches come back in id order, judged for the viewer.
    public static async Task<List<Patch>> LoadPageAsync(AssessmentDb db, IReadOnlyCollection<int> ids, string viewer, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var patches = await db.Patches.Include(p => p.Repository).Include(p => p.Blessing).Include(p => p.GitHub)
            .Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(ct);

        // Each patch's records since its code last changed (a rebase keeps them current).
        await db.Revisions.Where(r => ids.Contains(r.PatchId)
            && r.Number >= (db.Revisions.Where(x => x.PatchId == r.PatchId && !x.Rebase).Max(x => (int?)x.Number) ?? 1) - 1).LoadAsync(ct);

        var latestReviews = db.Reviews.Where(r => ids.Contains(r.PatchId)
                && r.Revision >= (db.Revisions.Where(x => x.PatchId == r.PatchId && !x.Rebase).Max(x => (int?)x.Number) ?? 1))
            .GroupBy(r => new { r.PatchId, r.By, r.Verdict, r.Commit }).Select(g => g.Max(r => r.Id));
        await db.Reviews.Where(r => latestReviews.Contains(r.Id)).LoadAsync(ct);

        var latestTests = db.Tests.Where(t => ids.Contains(t.PatchId)
                && t.Revision >= (db.Revisions.Where(x => x.PatchId == t.PatchId && !x.Rebase).Max(x => (int?)x.Number) ?? 1))
            .GroupBy(t => new { t.PatchId, t.By, t.Result, t.Commit }).Select(g => g.Max(t => t.Id));
        await db.Tests.Where(t => latestTests.Contains(t.Id)).LoadAsync(ct);

        var latestDeployments = db.Deployments.Where(d => ids.Contains(d.PatchId)
                && (d.EnvironmentKind == DeploymentEnvironments.Production
                    || d.Revision >= (db.Revisions.Where(x => x.PatchId == d.PatchId && !x.Rebase).Max(x => (int?)x.Number) ?? 1)))
            .GroupBy(d => new { d.PatchId, d.Environment, d.Commit, d.By }).Select(g => g.Max(d => d.Id));
        await db.Deployments.Where(d => latestDeployments.Contains(d.Id)).LoadAsync(ct);

        var deeds = await PageDeedsAsync(db, ids, viewer, ct);
        foreach (var patch in patches)
            patch.Deeds = new ActorDeeds(viewer, deeds.TryGetValue(patch.Id, out var kinds) ? kinds : new HashSet<RecordKind>());
        return patches;
    }

    // Which kinds of record the viewer ever made on each patch of the page: indexed (PatchId, By) lookups.
    private static async Task<Dictionary<int, HashSet<RecordKind>>> PageDeedsAsync(
        AssessmentDb db, IReadOnlyCollection<int> ids, string viewer, CancellationToken ct)
    {
        var deeds = new Dictionary<int, HashSet<RecordKind>>();
        void Add(IEnumerable<int> patchIds, RecordKind kind)
        {
            foreach (var id in patchIds)
            {
                if (!deeds.TryGetValue(id, out var kinds)) deeds[id] = kinds = [];
                kinds.Add(kind);
            }
        }
        Add(await db.Reviews.Where(r => ids.Contains(r.PatchId) && r.By == viewer).Select(r => r.PatchId).Distinct().ToListAsync(ct), RecordKind.Review);
        Add(await db.Tests.Where(t => ids.Contains(t.PatchId) && t.By == viewer).Select(t => t.PatchId).Distinct().ToListAsync(ct), RecordKind.Test);
        var deployed = await db.Deployments.Where(d => ids.Contains(d.PatchId) && d.By == viewer)
            .Select(d => new { d.PatchId, Production = d.EnvironmentKind == DeploymentEnvironments.Production }).Distinct().ToListAsync(ct);
        Add(deployed.Where(d => !d.Production).Select(d => d.PatchId), RecordKind.TestDeployment);
        Add(deployed.Where(d => d.Production).Select(d => d.PatchId), RecordKind.ProductionDeployment);
        Add(await db.Blessings.Where(b => ids.Contains(b.PatchId) && b.By == viewer).Select(b => b.PatchId).ToListAsync(ct), RecordKind.Blessing);
        return deeds;
    }
}
