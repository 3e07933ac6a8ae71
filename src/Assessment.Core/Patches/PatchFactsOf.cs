using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Workflow;

namespace Assessment.Core.Patches;

// The facts the engine judges, read off the stored patch and user.
internal static class PatchFactsOf
{
    public static PatchFacts Facts(this Patch p)
    {
        var records = Records(p);
        // The actor's deeds as read before the action, and the record the action just made.
        var deeds = p.Deeds is { } d
            ? d with { Kinds = d.Kinds.Union(records.Where(r => string.Equals(r.By, d.Actor, StringComparison.Ordinal)).Select(r => r.Kind)).ToHashSet() }
            : null;
        return new(p.Id, p.Kind, p.State, p.Revision, p.Head, p.Author, p.DeclaredBy, Identities(p.CommitIdentities), records,
            [.. p.Revisions.OrderBy(r => r.Number).Select(r => new RevisionFact(r.Number, r.Rebase))], deeds);
    }

    // In the order they were made, whatever order the database returned them in (PostgreSQL
    // and SQLite differ for the grouped loads): who counts is listed in a stable order.
    private static IReadOnlyList<RecordFact> Records(Patch p) =>
        [
            .. p.Reviews.OrderBy(r => r.Id).Select(Fact),
            .. p.Tests.OrderBy(t => t.Id).Select(Fact),
            .. p.Deployments.OrderBy(d => d.Id).Select(Fact),
            .. p.Blessing is { } b ? [p.Fact(b)] : Array.Empty<RecordFact>(),
        ];

    public static RecordFact Fact(this Review r) =>
        new(RecordKind.Review, ApiRequests.ReviewWith(r.Verdict), r.By, r.Commit, r.Revision, r.At);

    public static RecordFact Fact(this TestRecord t) =>
        new(RecordKind.Test, ApiRequests.TestWith(t.Result), t.By, t.Commit, t.Revision, t.At);

    public static RecordFact Fact(this Deployment d) =>
        new(d.EnvironmentKind == DeploymentEnvironments.Production ? RecordKind.ProductionDeployment : RecordKind.TestDeployment,
            ApiRequests.DeployTo(d.EnvironmentKind), d.By, d.Commit, d.Revision, d.At);

    public static RecordFact Fact(this Patch p, Blessing b) =>
        new(RecordKind.Blessing, ApiRequests.Bless, b.By, b.Commit, BlessedRevision(p, b), b.At);

    private static int BlessedRevision(Patch p, Blessing b) =>
        p.Revisions.Where(r => string.Equals(r.Head, b.Commit, StringComparison.Ordinal)).Select(r => r.Number).DefaultIfEmpty(p.Revision).Max();

    // Whether a record made by this request in this revision is stale now, as the engine judges it.
    public static bool IsStale(this WorkflowEngine engine, Patch p, PatchFacts facts, string request, int revision) =>
        !WorkflowEngine.IsCurrent(engine.For(p), facts, new RecordFact(RecordKind.Review, request, "", "", revision, default));

    public static ActorFacts Facts(this User u) => new(u.Name, u.Roles, u.EmailAddresses);

    public static string StoreIdentities(IEnumerable<(string Name, string Email)> identities) =>
        string.Join('\n', identities.Distinct().Select(i => $"{i.Name}\t{i.Email}"));

    private static IReadOnlyList<GitIdentity> Identities(string? stored) =>
        string.IsNullOrEmpty(stored) ? []
        : [.. stored.Split('\n').Select(l => l.Split('\t', 2)).Select(p => new GitIdentity(p[0], p.Length > 1 ? p[1] : ""))];

    public static WorkflowDefinition For(this WorkflowEngine engine, Patch p) => engine.For(p.Kind);

    public static IReadOnlyList<string> NextActions(this WorkflowEngine engine, Patch p, User u) => engine.NextActions(p.Facts(), u.Facts());

    // What the user may request now, with the document's labels: what the pages offer.
    public static IReadOnlyList<NextRequest> NextRequests(this WorkflowEngine engine, Patch p, User u) => engine.NextRequests(p.Facts(), u.Facts());

    public static IReadOnlyList<CountStatus> Counts(this WorkflowEngine engine, Patch p) => engine.Counts(p.Facts());

    public static bool IsOverdue(this WorkflowEngine engine, Patch p, DateTimeOffset now) =>
        engine.IsOverdue(p.Kind, p.State, p.ReviewDeadline, now);
}
