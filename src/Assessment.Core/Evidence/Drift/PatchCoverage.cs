using Assessment.Core.Data;

namespace Assessment.Core.Evidence;

// Which patches explain a commit on production. Regular patches count once blessed (the
// production branch may be updated before the deployment is recorded): a blessing is of the
// exact head, and nothing can revise a blessed patch. One withdrawn after its blessing was
// still reviewed. A declared patch (an emergency, its document's declare request) counts in
// every state: the commit ran in production by declaration, and an open one is visible in the report as overdue. The drift check and the
// repository gate share this rule, so what the gate lets through is never drift.
internal static class PatchCoverage
{
    public static IQueryable<Patch> Covering(AssessmentDb db, int repositoryId) =>
        db.Patches.Where(p => p.RepositoryId == repositoryId && (p.DeclaredBy != null || p.Blessing != null));
}
