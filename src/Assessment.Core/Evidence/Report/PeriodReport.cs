using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence;

// The report to the board for a period: every production change with its people, the
// emergencies and how long their after-the-fact review took, what is overdue or waiting, and
// who carried the load. Read-only; the caller passes the log head it was made at.
internal sealed partial class PeriodReport
{
    public static async Task<ReportData> BuildAsync(
        AssessmentDb db, WorkflowEngine engine, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        SignedCheckpoint checkpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(engine);
        if (to <= from) throw new ArgumentException("the period must end after it starts", nameof(to));

        var deployments = await Deployments(db, engine, from, to, ct);
        var emergencies = await Emergencies(db, engine, from, to, now, ct);
        var overdue = await Overdue(db, engine, now, ct);
        var days = (to - from).TotalDays;
        var emergencyCount = deployments.Count(d => d.Emergency);
        var summary = new ReportSummary(Math.Round(days, 2), deployments.Count, emergencyCount,
            emergencyCount * 30 / days, overdue.Count);
        return new ReportData(from, to, now, checkpoint, summary, deployments, emergencies,
            overdue, await Waiting(db, engine, now, ct), await People(db, from, to, ct))
        {
            RoleChanges = await RoleChanges.ReadAsync(db, from, to, ct),
        };
    }

    private static async Task<List<ReportDeployment>> Deployments(
        AssessmentDb db, WorkflowEngine engine, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var inPeriod = db.Deployments.AsNoTracking()
            .Where(d => d.EnvironmentKind == DeploymentEnvironments.Production && d.At >= from && d.At < to);
        var rows = await inPeriod.OrderBy(d => d.At).ThenBy(d => d.Id).ToListAsync(ct);
        // The patches are named by the period (a subquery on the deployments' index), not by a
        // list of ids: EF Core makes a parameter per listed id, and builds such a command in a
        // time that grows with the square of the list (minutes for a month of 9,000).
        var ids = inPeriod.Select(d => d.PatchId);
        var patches = await DeployedPatchesAsync(db, ids, ct);
        var judges = new Dictionary<int, ReportJudge>();
        return rows.Select(d =>
        {
            var p = patches[d.PatchId];
            if (!judges.TryGetValue(p.Id, out var judge)) judges[p.Id] = judge = new ReportJudge(p, engine);
            // Only records that still speak about the deployed commit count, as in the workflow's
            // counts: stale ones were about other code (a rebase may keep reviews of its change).
            bool Holds(int revision, string request, string commit) =>
                string.Equals(d.Commit, p.Head, StringComparison.Ordinal)
                    ? !judge.IsStale(request, revision)
                    : revision == p.Revision && string.Equals(commit, d.Commit, StringComparison.Ordinal);
            // Records made in one instant keep the order they were made in, whatever order the
            // database returned them in (PostgreSQL and SQLite differ).
            // The people who count, as the engine counts them: a pass by someone who already
            // counts as a reviewer is listed among the tests but is not a tester of the change.
            var atHead = string.Equals(d.Commit, p.Head, StringComparison.Ordinal);
            bool Counts(string request, string by) => !atHead || judge.Counts(by, request);
            var reviewers = p.Reviews
                .Where(r => r.Verdict == Verdicts.Approve && Holds(r.Revision, ApiRequests.ReviewWith(r.Verdict), r.Commit)
                    && Counts(ApiRequests.ReviewWith(r.Verdict), r.By))
                .OrderBy(r => r.At).ThenBy(r => r.Id).Select(r => r.By).Distinct(StringComparer.Ordinal).ToList();
            var testers = p.Tests
                .Where(t => t.Result == Verdicts.Pass && Holds(t.Revision, ApiRequests.TestWith(t.Result), t.Commit)
                    && Counts(ApiRequests.TestWith(t.Result), t.By))
                .OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => t.By).Distinct(StringComparer.Ordinal).ToList();
            var blessedBy = p.Blessing is { } b && string.Equals(b.Commit, d.Commit, StringComparison.Ordinal) ? b.By : null;
            return new ReportDeployment(p.Id, p.Kind, p.Title, p.Repository.Name, d.Commit, p.Author ?? p.CommitAuthor,
                reviewers, testers, ReviewsOf(p, d.Commit), TestsOf(p, d.Commit), engine.For(p).IsFinal(p.State),
                blessedBy, d.Environment, d.By, d.Witness, d.At, d.Emergency, d.Rollback);
        }).ToList();
    }

    // Declared in the period, or declared earlier and still open at some point of it (not
    // final now, or closed after the period began; a final emergency takes no more actions, so
    // UpdatedAt is when it closed): an open emergency stays in every report until it is closed.
    // Emergencies are rare, so all declared before the end are read and filtered here.
    private static async Task<List<ReportEmergency>> Emergencies(
        AssessmentDb db, WorkflowEngine engine, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct)
    {
        var candidates = await db.Patches.AsNoTracking().Include(p => p.Repository).Include(p => p.Deployments)
            .Include(p => p.Reviews).Include(p => p.Tests)
            .Where(p => p.DeclaredBy != null && p.CreatedAt < to)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .AsSplitQuery()
            .ToListAsync(ct);
        var ids = candidates.Select(p => (int?)p.Id).ToList();
        var followUps = (await db.Patches.AsNoTracking().Where(p => ids.Contains(p.Follows))
                .OrderBy(p => p.Id).Select(p => new { Follows = p.Follows!.Value, p.Id, p.Title, p.State }).ToListAsync(ct))
            .ToLookup(f => f.Follows, f => new ReportFollowUp(f.Id, f.Title, f.State));
        return candidates
            .Where(p => p.CreatedAt >= from || !engine.For(p).IsFinal(p.State) || p.UpdatedAt >= from)
            .Select(p =>
            {
                var commit = p.Deployments.Where(d => d.Emergency).Select(d => d.Commit).FirstOrDefault() ?? p.Head;
                return new ReportEmergency(
                    p.Id, p.Title, p.Repository.Name, p.DeclaredBy, p.CreatedAt, commit,
                    p.CommitAuthor, p.Reason, p.Arbitration, p.State, p.ReviewDeadline, p.OutcomeAt,
                    p.OutcomeAt is { } done ? (done - p.CreatedAt).TotalHours : null,
                    p.OutcomeAt is null ? (now - p.CreatedAt).TotalHours : null,
                    engine.IsOverdue(p, now), ReviewsOf(p, commit), TestsOf(p, commit), followUps[p.Id].ToList());
            })
            .ToList();
    }

    // Every review and test of the commit at the patch's current revision, whatever the verdict.
    private static List<ReportVerdict> ReviewsOf(Patch p, string commit) =>
        p.Reviews.Where(r => r.Revision == p.Revision && string.Equals(r.Commit, commit, StringComparison.Ordinal))
            .OrderBy(r => r.At).ThenBy(r => r.Id).Select(r => new ReportVerdict(r.By, r.Verdict, r.At)).ToList();

    private static List<ReportVerdict> TestsOf(Patch p, string commit) =>
        p.Tests.Where(t => t.Revision == p.Revision && string.Equals(t.Commit, commit, StringComparison.Ordinal))
            .OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new ReportVerdict(t.By, t.Result, t.At)).ToList();

    private static async Task<List<ReportOverdue>> Overdue(AssessmentDb db, WorkflowEngine engine, DateTimeOffset now, CancellationToken ct)
    {
        var candidates = await db.Patches.AsNoTracking().Include(p => p.Repository)
            .Where(p => p.ReviewDeadline != null && p.ReviewDeadline <= now)
            .ToListAsync(ct);
        return candidates.Where(p => engine.IsOverdue(p, now))
            .OrderBy(p => p.ReviewDeadline)
            .Select(p => new ReportOverdue(p.Id, p.Kind, p.Title, p.Repository.Name, p.State, p.ReviewDeadline!.Value,
                (now - p.ReviewDeadline.Value).TotalDays))
            .ToList();
    }

    // Every patch at a step of the process, by workflow and state in the order the document
    // lists them, longest waiting first. A step is a state with a way out to another state:
    // final states have none, and a state whose only actions lead back to itself (more
    // production environments may follow) is not a wait. States differ per workflow (one
    // document's final state may be a step in another), so each workflow is asked separately.
    private static async Task<List<ReportWaitingState>> Waiting(AssessmentDb db, WorkflowEngine engine, DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<ReportWaitingState>();
        foreach (var wf in engine.Catalog.All)
        {
            var open = wf.States
                .Where(s => s.Kind != StateKind.Final && wf.Actions.Any(a =>
                    a.From.Contains(s.Name, StringComparer.Ordinal) && !string.Equals(a.To, s.Name, StringComparison.Ordinal)))
                .Select(s => s.Name).ToList();
            var rows = await db.Patches.AsNoTracking()
                .Where(p => p.Kind == wf.Name && open.Contains(p.State))
                .Select(p => new { p.Id, p.State, p.Title, Repository = p.Repository.Name, p.UpdatedAt })
                .ToListAsync(ct);
            foreach (var state in open)
            {
                var waiting = rows.Where(r => string.Equals(r.State, state, StringComparison.Ordinal))
                    .OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id)
                    .Select(r => new ReportWaiting(r.Id, r.Title, r.Repository, r.UpdatedAt, (now - r.UpdatedAt).TotalDays))
                    .ToList();
                if (waiting.Count > 0) result.Add(new ReportWaitingState(wf.Name, state, waiting));
            }
        }
        return result;
    }

    // Counted by the database per person: the period's records are not read one by one.
    private static async Task<List<ReportPerson>> People(AssessmentDb db, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var reviews = await db.Reviews.Where(r => r.At >= from && r.At < to)
            .GroupBy(r => r.By).Select(g => new { By = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.By, g => g.Count, ct);
        var tests = await db.Tests.Where(t => t.At >= from && t.At < to)
            .GroupBy(t => t.By).Select(g => new { By = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.By, g => g.Count, ct);
        var blessings = await db.Blessings.Where(b => b.At >= from && b.At < to)
            .GroupBy(b => b.By).Select(g => new { By = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.By, g => g.Count, ct);
        var deployments = await db.Deployments.Where(d => d.At >= from && d.At < to)
            .GroupBy(d => new { d.By, Production = d.EnvironmentKind == DeploymentEnvironments.Production })
            .Select(g => new { g.Key.By, g.Key.Production, Count = g.Count() }).ToListAsync(ct);
        var testDeployments = deployments.Where(d => !d.Production).ToDictionary(d => d.By, d => d.Count);
        var productionDeployments = deployments.Where(d => d.Production).ToDictionary(d => d.By, d => d.Count);
        return reviews.Keys.Concat(tests.Keys).Concat(blessings.Keys).Concat(testDeployments.Keys).Concat(productionDeployments.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => new ReportPerson(name, Count(reviews, name), Count(tests, name), Count(testDeployments, name),
                Count(blessings, name), Count(productionDeployments, name)))
            .ToList();
    }

    private static int Count(Dictionary<string, int> counts, string name) => counts.GetValueOrDefault(name);
}
