using Assessment.Core.Data;
using Assessment.Core.Environments;

namespace Assessment.Core.Patches;

internal static partial class PatchStore
{
    // The newest record of each person, outcome and commit since a revision, from the maintained
    // totals (a few rows per person, whatever the history) rather than the records themselves,
    // which the database would walk one by one: 10,000 approvals of one person are one total.
    private static IQueryable<int> LatestIds(AssessmentDb db, int id, string kind, int revision) =>
        db.RecordTotals.Where(t => t.PatchId == id && t.Kind == kind && t.Revision >= revision)
            .GroupBy(t => new { t.By, t.Outcome, t.Commit }).Select(g => g.Max(t => t.LatestId));

    // Deployments: also those to production on any revision (what each production environment runs).
    private static IQueryable<int> LatestDeploymentIds(AssessmentDb db, int id, int revision) =>
        db.RecordTotals.Where(t => t.PatchId == id && t.Kind == RecordTotal.Deployment
                && (t.Revision >= revision || t.Scope == DeploymentEnvironments.Production))
            .GroupBy(t => new { t.Outcome, t.Commit, t.By }).Select(g => g.Max(t => t.LatestId));
}
