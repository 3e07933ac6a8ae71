using Assessment.Core.Data;
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
    // Five queries (PatchStore.Latest): the patch row comes with the action's stamp (ActionStamp,
    // read in the same statement, so before anything else is read), the last revision that
    // changed the code and the actor's deeds, each of which was a round trip of its own.
    public static async Task<(Patch Patch, ActionStamp Stamp)> LoadForActionAsync(AssessmentDb db, int id, User actor, CancellationToken ct)
    {
        var row = await ActionRows.For(db)(db, id, actor.Id, actor.Name, ct) ?? throw Refusal.NotFound($"patch {id} does not exist");
        var patch = row.Patch;
        var revision = row.CodeRevision ?? patch.Revision;
        await TrackAsync(RevisionsSince.For(db)(db, id, revision), ct);
        await TrackAsync(LatestReviews.For(db)(db, id, revision), ct);
        await TrackAsync(LatestTests.For(db)(db, id, revision), ct);
        await TrackAsync(LatestDeployments.For(db)(db, id, revision), ct);
        var kinds = new HashSet<RecordKind>();
        if (row.Reviewed) kinds.Add(RecordKind.Review);
        if (row.Tested) kinds.Add(RecordKind.Test);
        if (row.TestDeployed) kinds.Add(RecordKind.TestDeployment);
        if (row.ProductionDeployed) kinds.Add(RecordKind.ProductionDeployment);
        if (row.Blessed) kinds.Add(RecordKind.Blessing);
        patch.Deeds = new ActorDeeds(actor.Name, kinds);
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
