using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

internal static partial class PatchStore
{
    // What LoadForActionAsync reads for one patch, for a page of them in six queries, none
    // correlated per row: the patches; their revisions since each one's code last changed (the
    // current revision found once per page by a grouped MAX, then joined); the page's maintained
    // totals (RecordTotals: a few rows per person and outcome, whatever the history), which name
    // the latest record of each person and outcome and also say what the viewer ever did to each
    // patch; and those latest records by id. The rows read are bounded by the page and the people
    // involved, never by the patches' histories. Read without tracking (nothing here is written),
    // the patches come back in id order, judged for the viewer.
    public static async Task<List<Patch>> LoadPageAsync(AssessmentDb db, IReadOnlyCollection<int> ids, string viewer, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        // Each list is sent as one parameter (a JSON array on SQLite, an array on PostgreSQL), so
        // the SQL is the same whatever the page's length and EF Core makes each command once;
        // spread over one parameter per id, it rebuilt the SQL for every new length.
        var page = ids.ToArray();
        var patches = await db.Patches.AsNoTracking().Include(p => p.Repository).Include(p => p.Blessing).Include(p => p.GitHub)
            .Where(p => EF.Parameter(page).Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(ct);

        // A rebase keeps the records of earlier revisions current (the document's Rebase table):
        // each patch is read back to its last revision that changed the code, and one before.
        var current = db.Revisions.Where(r => EF.Parameter(page).Contains(r.PatchId) && !r.Rebase)
            .GroupBy(r => r.PatchId).Select(g => new { PatchId = g.Key, Number = g.Max(r => r.Number) });
        var revisions = (await db.Revisions.AsNoTracking()
                .Join(current, r => r.PatchId, c => c.PatchId, (r, c) => new { Revision = r, Current = c.Number })
                .Where(x => x.Revision.Number >= x.Current - 1)
                .ToListAsync(ct))
            .ToLookup(x => x.Revision.PatchId);

        var totals = (await db.RecordTotals.AsNoTracking().Where(t => EF.Parameter(page).Contains(t.PatchId)).ToListAsync(ct)).ToLookup(t => t.PatchId);
        var since = patches.ToDictionary(p => p.Id, p => revisions[p.Id].Select(x => x.Current).DefaultIfEmpty(1).Max());
        var latest = totals.SelectMany(page => Latest(page, since[page.Key])).ToList();
        var reviewIds = latest.Where(t => t.Kind == RecordTotal.Review).Select(t => t.LatestId).ToArray();
        var testIds = latest.Where(t => t.Kind == RecordTotal.Test).Select(t => t.LatestId).ToArray();
        var deploymentIds = latest.Where(t => t.Kind == RecordTotal.Deployment).Select(t => t.LatestId).ToArray();
        var reviews = (await db.Reviews.AsNoTracking().Where(r => EF.Parameter(reviewIds).Contains(r.Id)).ToListAsync(ct)).ToLookup(r => r.PatchId);
        var tests = (await db.Tests.AsNoTracking().Where(t => EF.Parameter(testIds).Contains(t.Id)).ToListAsync(ct)).ToLookup(t => t.PatchId);
        var deployments = (await db.Deployments.AsNoTracking().Where(d => EF.Parameter(deploymentIds).Contains(d.Id)).ToListAsync(ct)).ToLookup(d => d.PatchId);

        foreach (var patch in patches)
        {
            patch.Revisions = [.. revisions[patch.Id].Select(x => x.Revision)];
            patch.Reviews = [.. reviews[patch.Id]];
            patch.Tests = [.. tests[patch.Id]];
            patch.Deployments = [.. deployments[patch.Id]];
            patch.Deeds = new ActorDeeds(viewer, Deeds(totals[patch.Id], patch, viewer));
        }
        return patches;
    }

    // The newest record of each person, outcome and commit since the revision (as LatestIds and
    // LatestDeploymentIds choose them for an action); deployments to production on any revision.
    private static IEnumerable<RecordTotal> Latest(IEnumerable<RecordTotal> totals, int revision) =>
        totals.Where(t => t.Revision >= revision
                || (t.Kind == RecordTotal.Deployment && string.Equals(t.Scope, DeploymentEnvironments.Production, StringComparison.Ordinal)))
            .GroupBy(t => (t.Kind, t.By, t.Outcome, t.Commit))
            .Select(g => g.MaxBy(t => t.LatestId)!);

    // Which kinds of record the viewer ever made on the patch, any revision: the totals count
    // every record, and the blessing (at most one) is read with the patch.
    private static HashSet<RecordKind> Deeds(IEnumerable<RecordTotal> totals, Patch patch, string viewer)
    {
        var kinds = new HashSet<RecordKind>();
        foreach (var t in totals.Where(t => string.Equals(t.By, viewer, StringComparison.Ordinal)))
        {
            kinds.Add(t.Kind switch
            {
                RecordTotal.Review => RecordKind.Review,
                RecordTotal.Test => RecordKind.Test,
                _ => string.Equals(t.Scope, DeploymentEnvironments.Production, StringComparison.Ordinal)
                    ? RecordKind.ProductionDeployment : RecordKind.TestDeployment,
            });
        }
        if (patch.Blessing is { } b && string.Equals(b.By, viewer, StringComparison.Ordinal)) kinds.Add(RecordKind.Blessing);
        return kinds;
    }
}
