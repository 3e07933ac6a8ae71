using System.Globalization;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

// Where a page of a patch's history ends: the last review, test and deployment id and revision
// number it showed. Keyset paging, so a record added meanwhile never moves a later page.
internal sealed record HistoryCursor(int Review, int Test, int Deployment, int Revision)
{
    public static readonly HistoryCursor Start = new(0, 0, 0, 0);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Review}.{Test}.{Deployment}.{Revision}");

    public static HistoryCursor? Parse(string? text)
    {
        if (text is null) return Start;
        var parts = text.Split('.');
        var numbers = new int[4];
        if (parts.Length != 4) return null;
        for (var i = 0; i < 4; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return null;
        }
        return new HistoryCursor(numbers[0], numbers[1], numbers[2], numbers[3]);
    }
}

// One page of a patch's records, oldest first; Next is set while any kind has more.
internal sealed record HistoryPage(
    IReadOnlyList<Review> Reviews, IReadOnlyList<TestRecord> Tests, IReadOnlyList<Deployment> Deployments,
    IReadOnlyList<PatchRevision> Revisions, HistoryCursor? Next);

internal static class PatchHistory
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    // At most `limit` records of each kind after the cursor, each read through an index on
    // (PatchId, Id): the rows read are bounded by the limit, not by the patch's history. Read
    // without tracking, so the page never joins the records an action or a view judges by.
    public static async Task<HistoryPage> PageAsync(AssessmentDb db, int id, HistoryCursor after, int limit, CancellationToken ct)
    {
        var reviews = await RecordsAfter<Review>.Query.For(db)(db, id, after.Review, limit + 1).ToListAsync(ct);
        var tests = await RecordsAfter<TestRecord>.Query.For(db)(db, id, after.Test, limit + 1).ToListAsync(ct);
        var deployments = await RecordsAfter<Deployment>.Query.For(db)(db, id, after.Deployment, limit + 1).ToListAsync(ct);
        var revisions = await Revisions.For(db)(db, id, after.Revision, limit + 1).ToListAsync(ct);
        var more = reviews.Count > limit || tests.Count > limit || deployments.Count > limit || revisions.Count > limit;
        reviews = [.. reviews.Take(limit)];
        tests = [.. tests.Take(limit)];
        deployments = [.. deployments.Take(limit)];
        revisions = [.. revisions.Take(limit)];
        var next = more
            ? new HistoryCursor(
                reviews.Count > 0 ? reviews[^1].Id : after.Review,
                tests.Count > 0 ? tests[^1].Id : after.Test,
                deployments.Count > 0 ? deployments[^1].Id : after.Deployment,
                revisions.Count > 0 ? revisions[^1].Number : after.Revision)
            : null;
        return new HistoryPage(reviews, tests, deployments, revisions, next);
    }

    // Compiled once, as the action's own queries are (PatchStore.Latest): a patch's page reads
    // these four at every request. Reviews, tests and deployments page by id, one query each.
    private static class RecordsAfter<T> where T : class, ISignedRecord
    {
        public static readonly PerModel<Func<AssessmentDb, int, int, int, IAsyncEnumerable<T>>> Query = new(() =>
            EF.CompileAsyncQuery((AssessmentDb db, int id, int after, int take) =>
                db.Set<T>().AsNoTracking().Where(r => r.PatchId == id && r.Id > after).OrderBy(r => r.Id).Take(take)));
    }

    private static readonly PerModel<Func<AssessmentDb, int, int, int, IAsyncEnumerable<PatchRevision>>> Revisions = new(() =>
        EF.CompileAsyncQuery((AssessmentDb db, int id, int after, int take) =>
            db.Revisions.AsNoTracking().Where(r => r.PatchId == id && r.Number > after).OrderBy(r => r.Number).Take(take)));
}
