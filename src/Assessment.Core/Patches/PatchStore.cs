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
    // history: one indexed existence query, ActorDeeds), and the production deployments (what each
    // production environment runs). The rows read are bounded by the people involved, not by the
    // number of records; the action's answer shows these.
    public static async Task<Patch> LoadForActionAsync(AssessmentDb db, int id, string actor, CancellationToken ct)
    {
        var patch = await db.Patches.Include(p => p.Repository).Include(p => p.Blessing).Include(p => p.GitHub).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw Refusal.NotFound($"patch {id} does not exist");
        // A rebase keeps records of earlier revisions current (the document's Rebase table): read
        // back to the last revision that changed the code.
        var revision = await db.Revisions.Where(r => r.PatchId == id && !r.Rebase).MaxAsync(r => (int?)r.Number, ct) ?? patch.Revision;
        await db.Revisions.Where(r => r.PatchId == id && r.Number >= revision - 1).LoadAsync(ct);

        var latestReviews = LatestIds(db, id, RecordTotal.Review, revision);
        await db.Reviews.Where(r => latestReviews.Contains(r.Id)).LoadAsync(ct);
        var latestTests = LatestIds(db, id, RecordTotal.Test, revision);
        await db.Tests.Where(t => latestTests.Contains(t.Id)).LoadAsync(ct);
        var latestDeployments = LatestDeploymentIds(db, id, revision);
        await db.Deployments.Where(d => latestDeployments.Contains(d.Id)).LoadAsync(ct);
        patch.Deeds = await DeedsAsync(db, id, actor, ct);
        return patch;
    }

    // Has the actor made a record of each kind on this patch, any revision? One row, each part an
    // existence query on a (PatchId, By) index, whatever the history's length.
    public static async Task<ActorDeeds> DeedsAsync(AssessmentDb db, int id, string actor, CancellationToken ct)
    {
        var did = await db.Patches.Where(p => p.Id == id).Select(p => new
        {
            Reviewed = db.Reviews.Any(r => r.PatchId == id && r.By == actor),
            Tested = db.Tests.Any(t => t.PatchId == id && t.By == actor),
            TestDeployed = db.Deployments.Any(d => d.PatchId == id && d.By == actor && d.EnvironmentKind != DeploymentEnvironments.Production),
            ProductionDeployed = db.Deployments.Any(d => d.PatchId == id && d.By == actor && d.EnvironmentKind == DeploymentEnvironments.Production),
            Blessed = db.Blessings.Any(b => b.PatchId == id && b.By == actor),
        }).FirstAsync(ct);
        var kinds = new HashSet<RecordKind>();
        if (did.Reviewed) kinds.Add(RecordKind.Review);
        if (did.Tested) kinds.Add(RecordKind.Test);
        if (did.TestDeployed) kinds.Add(RecordKind.TestDeployment);
        if (did.ProductionDeployed) kinds.Add(RecordKind.ProductionDeployment);
        if (did.Blessed) kinds.Add(RecordKind.Blessing);
        return new ActorDeeds(actor, kinds);
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
