using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence;

internal sealed partial class PeriodReport
{
    // The period's deployed patches with what the judging reads: every revision, review, test
    // and deployment, the blessing and the repository (not the GitHub side, which the report
    // does not show). One plain query per table on the patch ids' subquery, joined here: a split
    // Include joined each table back to the patches and sorted the whole by patch.
    private static async Task<Dictionary<int, Patch>> DeployedPatchesAsync(AssessmentDb db, IQueryable<int> ids, CancellationToken ct)
    {
        var patches = await db.Patches.AsNoTracking().Include(p => p.Repository).Include(p => p.Blessing)
            .Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var revisions = (await db.Revisions.AsNoTracking().Where(r => ids.Contains(r.PatchId)).ToListAsync(ct)).ToLookup(r => r.PatchId);
        var reviews = (await db.Reviews.AsNoTracking().Where(r => ids.Contains(r.PatchId)).ToListAsync(ct)).ToLookup(r => r.PatchId);
        var tests = (await db.Tests.AsNoTracking().Where(t => ids.Contains(t.PatchId)).ToListAsync(ct)).ToLookup(t => t.PatchId);
        var deployments = (await db.Deployments.AsNoTracking().Where(d => ids.Contains(d.PatchId)).ToListAsync(ct)).ToLookup(d => d.PatchId);
        foreach (var (id, patch) in patches)
        {
            patch.Revisions = [.. revisions[id]];
            patch.Reviews = [.. reviews[id]];
            patch.Tests = [.. tests[id]];
            patch.Deployments = [.. deployments[id]];
        }
        return patches;
    }
}
