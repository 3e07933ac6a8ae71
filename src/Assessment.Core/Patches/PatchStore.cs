using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Input;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

internal static partial class PatchStore
{
    public static IQueryable<Patch> WithRecords(this IQueryable<Patch> patches) => patches
        .Include(p => p.Repository)
        .Include(p => p.Revisions)
        .Include(p => p.Reviews)
        .Include(p => p.Tests)
        .Include(p => p.Deployments)
        .Include(p => p.Blessing)
        .Include(p => p.GitHub)
        .AsSplitQuery();

    public static async Task<Patch> LoadAsync(AssessmentDb db, int id, CancellationToken ct) =>
        await db.Patches.WithRecords().FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw Refusal.NotFound($"patch {id} does not exist");

    // What an action needs, whatever the patch's history (its cost must not grow with it): the
    // patch row, its repository and blessing, the revisions since the code last changed, the
    // latest record of each person and outcome on those revisions (what the counts count; found
    // through the maintained RecordTotals, PatchStore.Latest), whether the
    // actor ever made each kind of record on any revision (the separation-of-duties rules judge
    // history: indexed existence queries, ActorDeeds), and the production deployments (what each
    // production environment runs). The rows read are bounded by the people involved, not by the
    // number of records; the action's answer shows these.
    // Five queries: the patch row comes with the action's stamp (ActionStamp, read in the same
    // statement, so before anything else is read), the last revision that changed the code and
    // the actor's deeds, each of which was a round trip of its own.
    public static async Task<(Patch Patch, ActionStamp Stamp)> LoadForActionAsync(AssessmentDb db, int id, User actor, CancellationToken ct)
    {
        var (userId, name) = (actor.Id, actor.Name);
        var row = await db.Patches.Where(p => p.Id == id).Select(p => new
        {
            Patch = p, p.Repository, p.Blessing, p.GitHub, p.Version,
            Keys = db.UserKeys.Count(k => k.UserId == userId) + db.UserKeys.Count(k => k.UserId == userId && k.RevokedAt != null),
            // A rebase keeps records of earlier revisions current (the document's Rebase table):
            // read back to the last revision that changed the code.
            CodeRevision = db.Revisions.Where(r => r.PatchId == id && !r.Rebase).Max(r => (int?)r.Number),
            Reviewed = db.Reviews.Any(r => r.PatchId == id && r.By == name),
            Tested = db.Tests.Any(t => t.PatchId == id && t.By == name),
            TestDeployed = db.Deployments.Any(d => d.PatchId == id && d.By == name && d.EnvironmentKind != DeploymentEnvironments.Production),
            ProductionDeployed = db.Deployments.Any(d => d.PatchId == id && d.By == name && d.EnvironmentKind == DeploymentEnvironments.Production),
            Blessed = db.Blessings.Any(b => b.PatchId == id && b.By == name),
        }).FirstOrDefaultAsync(ct) ?? throw Refusal.NotFound($"patch {id} does not exist");
        var patch = row.Patch;
        var revision = row.CodeRevision ?? patch.Revision;
        await db.Revisions.Where(r => r.PatchId == id && r.Number >= revision - 1).LoadAsync(ct);

        var latestReviews = LatestIds(db, id, RecordTotal.Review, revision);
        await db.Reviews.Where(r => latestReviews.Contains(r.Id)).LoadAsync(ct);
        var latestTests = LatestIds(db, id, RecordTotal.Test, revision);
        await db.Tests.Where(t => latestTests.Contains(t.Id)).LoadAsync(ct);
        var latestDeployments = LatestDeploymentIds(db, id, revision);
        await db.Deployments.Where(d => latestDeployments.Contains(d.Id)).LoadAsync(ct);
        var kinds = new HashSet<RecordKind>();
        if (row.Reviewed) kinds.Add(RecordKind.Review);
        if (row.Tested) kinds.Add(RecordKind.Test);
        if (row.TestDeployed) kinds.Add(RecordKind.TestDeployment);
        if (row.ProductionDeployed) kinds.Add(RecordKind.ProductionDeployment);
        if (row.Blessed) kinds.Add(RecordKind.Blessing);
        patch.Deeds = new ActorDeeds(name, kinds);
        return (patch, new ActionStamp(row.Version, row.Keys));
    }

    // One line (titles, names, labels): see Fields for what is refused.
    public static string Required(string? value, string field, int maxLength = Fields.TitleMax) =>
        Fields.Required(value, field, maxLength);

    public static string OneOf(string? value, string field, params string[] allowed)
    {
        var choices = string.Join(" or ", allowed.Select(a => $"'{a}'"));
        if (string.IsNullOrEmpty(value)) throw Refusal.Malformed($"{field}: required, {choices}");
        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.Ordinal))
            ?? throw Refusal.Malformed($"{field}: {Fields.Show(value)} is not {choices}");
    }

    public static string? Optional(string? value, string field, int maxLength) => Fields.Line(value, field, maxLength);
}
