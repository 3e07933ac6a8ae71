using Assessment.Core.Data;
using Assessment.Core.Environments;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

// The queries of LoadForActionAsync, compiled once: written as LINQ at each action, EF Core spent
// more CPU turning their expression trees into a cache key and finding the cached query (the
// funcletizer, the key's hash and comparison) than SQLite spent running them.
internal static partial class PatchStore
{
    private sealed record ActionRow(
        Patch Patch, GitRepository Repository, Blessing? Blessing, GitHubPatch? GitHub, int Version, int Keys, int? CodeRevision,
        bool Reviewed, bool Tested, bool TestDeployed, bool ProductionDeployed, bool Blessed);

    // The patch row with the action's stamp (the patch's version, the actor's keys: ActionStamp),
    // the last revision that changed the code (a rebase keeps records of earlier revisions
    // current, the document's Rebase table) and whether the actor ever made each kind of record
    // on any revision (each an existence query on a (PatchId, By) index).
    private static readonly PerModel<Func<AssessmentDb, int, int, string, CancellationToken, Task<ActionRow?>>> ActionRows = new(() =>
        EF.CompileAsyncQuery((AssessmentDb db, int id, int userId, string actor, CancellationToken ct) => db.Patches
            .Where(p => p.Id == id)
            .Select(p => new ActionRow(
                p, p.Repository, p.Blessing, p.GitHub, p.Version,
                db.UserKeys.Count(k => k.UserId == userId) + db.UserKeys.Count(k => k.UserId == userId && k.RevokedAt != null),
                db.Revisions.Where(r => r.PatchId == id && !r.Rebase).Max(r => (int?)r.Number),
                db.Reviews.Any(r => r.PatchId == id && r.By == actor),
                db.Tests.Any(t => t.PatchId == id && t.By == actor),
                db.Deployments.Any(d => d.PatchId == id && d.By == actor && d.EnvironmentKind != DeploymentEnvironments.Production),
                db.Deployments.Any(d => d.PatchId == id && d.By == actor && d.EnvironmentKind == DeploymentEnvironments.Production),
                db.Blessings.Any(b => b.PatchId == id && b.By == actor)))
            .FirstOrDefault()));

    private static readonly PerModel<Func<AssessmentDb, int, int, IAsyncEnumerable<PatchRevision>>> RevisionsSince = new(() =>
        EF.CompileAsyncQuery((AssessmentDb db, int id, int revision) => db.Revisions.Where(r => r.PatchId == id && r.Number >= revision - 1)));

    // The newest record of each person, outcome and commit since a revision, from the maintained
    // totals (a few rows per person, whatever the history) rather than the records themselves,
    // which the database would walk one by one: 10,000 approvals of one person are one total.
    private static readonly PerModel<Func<AssessmentDb, int, int, IAsyncEnumerable<Review>>> LatestReviews = new(() =>
        EF.CompileAsyncQuery((AssessmentDb db, int id, int revision) => db.Reviews.Where(r => db.RecordTotals
            .Where(t => t.PatchId == id && t.Kind == RecordTotal.Review && t.Revision >= revision)
            .GroupBy(t => new { t.By, t.Outcome, t.Commit }).Select(g => g.Max(t => t.LatestId))
            .Contains(r.Id))));

    private static readonly PerModel<Func<AssessmentDb, int, int, IAsyncEnumerable<TestRecord>>> LatestTests = new(() =>
        EF.CompileAsyncQuery((AssessmentDb db, int id, int revision) => db.Tests.Where(r => db.RecordTotals
            .Where(t => t.PatchId == id && t.Kind == RecordTotal.Test && t.Revision >= revision)
            .GroupBy(t => new { t.By, t.Outcome, t.Commit }).Select(g => g.Max(t => t.LatestId))
            .Contains(r.Id))));

    // Deployments: also those to production on any revision (what each production environment runs).
    private static readonly PerModel<Func<AssessmentDb, int, int, IAsyncEnumerable<Deployment>>> LatestDeployments = new(() =>
        EF.CompileAsyncQuery((AssessmentDb db, int id, int revision) => db.Deployments.Where(r => db.RecordTotals
            .Where(t => t.PatchId == id && t.Kind == RecordTotal.Deployment
                && (t.Revision >= revision || t.Scope == DeploymentEnvironments.Production))
            .GroupBy(t => new { t.Outcome, t.Commit, t.By }).Select(g => g.Max(t => t.LatestId))
            .Contains(r.Id))));

    // Reads the rows into the context (they are tracked), as EF Core's LoadAsync does.
    private static async Task TrackAsync<T>(IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        await foreach (var _ in rows.WithCancellation(ct))
        {
        }
    }
}
