using Assessment.Core.Data;
using Assessment.Core.Patches;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.People;

// GET /api/patches: filters, search and paging. Pages run in id order, and the cursor is the
// last id given, so a patch added meanwhile lands after every page already read: no patch is
// given twice or skipped. The database narrows; the engine decides the rest for each row.
internal sealed record PatchFilter(
    string? State = null, string? Kind = null, bool? Overdue = null, bool ActionableByMe = false,
    string? Search = null, int Limit = PatchFilter.DefaultLimit, int After = 0)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
}

internal sealed record PatchListPage(IReadOnlyList<Patch> Patches, int? NextAfter);

internal sealed class PatchList(AssessmentDb db, Queue queue, Workflow.WorkflowEngine engine, TimeProvider clock)
{
    public async Task<PatchListPage> PageAsync(PatchFilter filter, User viewer, CancellationToken ct)
    {
        var query = Narrow(filter, viewer);
        var now = clock.GetUtcNow();
        var found = new List<Patch>();
        var after = filter.After;
        // Rows the engine turns away (not actually waiting for this person) are skipped; the
        // page reads on until it has one row more than it gives, which says a next page exists.
        // It reads at most ScanFactor pages' worth of candidates: past that, a short page with a
        // next link (API.md: "at most limit"), so that no request judges the whole database.
        var budget = ScanFactor * (filter.Limit + 1);
        var exhausted = false;
        while (found.Count <= filter.Limit && budget > 0)
        {
            var batchSize = Math.Min(filter.Limit + 1 - found.Count, budget);
            var ids = await query.Where(p => p.Id > after).OrderBy(p => p.Id).Select(p => p.Id).Take(batchSize).ToListAsync(ct);
            budget -= ids.Count;
            exhausted = ids.Count < batchSize;
            if (ids.Count > 0)
            {
                var batch = await PatchStore.LoadPageAsync(db, ids, viewer.Name, ct);
                found.AddRange(batch.Where(p => Keeps(filter, p, viewer, now)));
                after = ids[^1];
            }
            if (exhausted) break;
        }
        if (found.Count > filter.Limit) return new PatchListPage(found[..filter.Limit], found[filter.Limit - 1].Id);
        return new PatchListPage(found, exhausted ? null : after);
    }

    private const int ScanFactor = 4;

    private IQueryable<Patch> Narrow(PatchFilter filter, User viewer)
    {
        var query = db.Patches.AsQueryable();
        if (!string.IsNullOrEmpty(filter.State)) query = query.Where(p => p.State == filter.State);
        if (!string.IsNullOrEmpty(filter.Kind)) query = query.Where(p => p.Kind == filter.Kind);
        if (filter.Overdue == true) query = query.Where(p => p.ReviewDeadline != null && p.ReviewDeadline <= clock.GetUtcNow());
        if (filter.Search is { Length: > 0 } q) query = PatchSearch.Matching(db, query, q);
        if (filter.ActionableByMe) query = Actionable(query, viewer);
        return query;
    }

    private IQueryable<Patch> Actionable(IQueryable<Patch> query, User viewer)
    {
        var candidates = queue.CandidatesFor(viewer);
        var byRole = candidates.ByRole.ToList();
        var byAuthor = candidates.ByAuthor.ToList();
        query = query.Where(p => byRole.Contains(p.State) || (p.Author == viewer.Name && byAuthor.Contains(p.State)));
        // A blessed patch that every production environment runs waits for no one: judged row
        // by row on the patch's own deployments (an index lookup), never by listing every done patch.
        var production = queue.ProductionEnvironments.ToList();
        return query.Where(p => p.Blessing == null
            || p.Deployments.Where(d => production.Contains(d.Environment) && d.Commit == p.Blessing.Commit)
                .Select(d => d.Environment).Distinct().Count() < production.Count);
    }

    private bool Keeps(PatchFilter filter, Patch patch, User viewer, DateTimeOffset now) =>
        (filter.Overdue is not { } overdue || engine.IsOverdue(patch, now) == overdue)
        && (!filter.ActionableByMe || queue.Waiting(patch, viewer).Count > 0);
}
