using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Workflow;

namespace Assessment.Core.Patches;

// The records of a patch as the view shows them; a page of history replaces the ones the view
// was made from (GET /api/patches/{id} pages them, so its answer stays bounded).
internal sealed partial record PatchView
{
    public PatchView WithHistory(Patch p, HistoryPage page, WorkflowEngine engine)
    {
        var facts = p.Facts();
        return this with
        {
            Reviews = ReviewsOf(p, facts, engine, page.Reviews),
            Tests = TestsOf(p, facts, engine, page.Tests),
            Deployments = DeploymentsOf(p, facts, engine, page.Deployments),
            Revisions = RevisionsOf(page.Revisions),
        };
    }

    private static List<ReviewView> ReviewsOf(Patch p, PatchFacts facts, WorkflowEngine engine, IEnumerable<Review> reviews) =>
        [.. reviews.Select(r => new ReviewView(r.By, r.Verdict, r.Commit, r.Revision, engine.IsStale(p, facts, ApiRequests.ReviewWith(r.Verdict), r.Revision), r.At, r.Comment,
            r.Signature is not null, r.SignatureKeyId))];

    private static List<TestView> TestsOf(Patch p, PatchFacts facts, WorkflowEngine engine, IEnumerable<TestRecord> tests) =>
        [.. tests.Select(t => new TestView(t.By, t.Result, t.Commit, t.Revision, engine.IsStale(p, facts, ApiRequests.TestWith(t.Result), t.Revision), t.At, t.Comment,
            t.Signature is not null, t.SignatureKeyId))];

    private static List<DeploymentView> DeploymentsOf(Patch p, PatchFacts facts, WorkflowEngine engine, IEnumerable<Deployment> deployments) =>
        [.. deployments.Select(d => new DeploymentView(
            d.Environment, d.EnvironmentKind, d.Commit, d.By, d.At, d.Emergency, d.Witness,
            d.EnvironmentKind == DeploymentEnvironments.Test && engine.IsStale(p, facts, ApiRequests.DeployTo(d.EnvironmentKind), d.Revision), d.Rollback, d.HandoverDigest,
            d.Signature is not null, d.SignatureKeyId))];

    private static List<RevisionView> RevisionsOf(IEnumerable<PatchRevision> revisions) =>
        [.. revisions.Select(r => new RevisionView(r.Number, r.Base, r.Head, r.By, r.At, r.Rebase))];
}
