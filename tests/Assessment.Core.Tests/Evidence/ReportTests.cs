using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Workflow;

namespace Assessment.Core.Tests.Evidence;

// BuildAsync over rows written directly: the period [From, To) of March 2026, read on 20 March.
public sealed class ReportTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 3, 16, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private const string CommitA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string CommitB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public async Task Deployments_at_the_start_are_in_the_period_those_at_its_end_or_before_are_not()
    {
        using var t = await ReportTestDb.CreateAsync();
        var repo = await t.RepositoryAsync("/nowhere");
        await Deployed(t, repo, "at the start", From);
        await Deployed(t, repo, "just before", From.AddTicks(-1));
        await Deployed(t, repo, "at the end", To);
        await Deployed(t, repo, "inside", To.AddTicks(-1));

        var data = await Build(t);

        Assert.Equal(["at the start", "inside"], data.Deployments.Select(d => d.Title));
        Assert.Equal(2, data.Summary.ProductionDeployments);
        Assert.Equal(new ReportPerson("sam", 0, 0, 0, 0, 2), Assert.Single(data.People));
    }

    [Fact]
    public async Task A_deployment_lists_only_current_approvals_and_passes_of_the_deployed_commit()
    {
        using var t = await ReportTestDb.CreateAsync();
        var repo = await t.RepositoryAsync("/nowhere");
        var at = From.AddDays(2);
        var patch = await Deployed(t, repo, "escape names", at, p =>
        {
            p.Revision = 2;
            p.Reviews.Add(new Review { By = "oscar", Verdict = Verdicts.Approve, Commit = CommitB, Revision = 1, At = at });
            p.Reviews.Add(new Review { By = "bob", Verdict = Verdicts.Approve, Commit = CommitA, Revision = 2, At = at });
            p.Reviews.Add(new Review { By = "carol", Verdict = Verdicts.Approve, Commit = CommitA, Revision = 2, At = at });
            p.Tests.Add(new TestRecord { By = "tina", Result = Verdicts.Fail, Commit = CommitA, Revision = 2, At = at });
            p.Tests.Add(new TestRecord { By = "dave", Result = Verdicts.Pass, Commit = CommitA, Revision = 2, At = at });
            p.Blessing = new Blessing { By = "carol", Commit = CommitA, At = at };
        });

        var d = Assert.Single((await Build(t)).Deployments);

        Assert.Equal((patch.Id, "regular", CommitA, "alice", "cacert"), (d.Patch, d.Kind, d.Commit, d.Author, d.Repository));
        Assert.Equal(["bob", "carol"], d.Reviewers);
        Assert.Equal(["dave"], d.Testers);
        Assert.Equal([("bob", "approve"), ("carol", "approve")], d.Reviews.Select(r => (r.By, r.Verdict)));
        Assert.Equal([("tina", "fail"), ("dave", "pass")], d.Tests.Select(r => (r.By, r.Verdict)));
        Assert.Equal(("carol", "sam", false), (d.BlessedBy, d.DeployedBy, d.Emergency));
    }

    [Fact]
    public async Task Emergencies_show_time_to_outcome_or_how_long_they_are_open_and_count_per_30_days()
    {
        using var t = await ReportTestDb.CreateAsync();
        var repo = await t.RepositoryAsync("/nowhere");
        var closed = await Emergency(t, repo, "closed in 36 hours", From.AddDays(1), "blessed", From.AddDays(1).AddHours(36));
        var open = await Emergency(t, repo, "still open", From.AddDays(3), "awaiting-review", null);
        await Emergency(t, repo, "closed last year", From.AddYears(-1), "blessed", From.AddYears(-1).AddDays(2));
        var carried = await Emergency(t, repo, "declared last month, still open", From.AddDays(-5), "reviewed", null);

        var data = await Build(t);

        Assert.Equal([carried.Id, closed.Id, open.Id], data.Emergencies.Select(e => e.Patch));
        var c = data.Emergencies[1];
        Assert.Equal((36.0, (double?)null, false), (c.HoursToOutcome, c.OpenHours, c.Overdue));
        var o = data.Emergencies[2];
        Assert.Equal(((double?)null, 16 * 24 + 12.0, true), (o.HoursToOutcome, o.OpenHours, o.Overdue));
        Assert.Equal(("sam", CommitA, "CVE-2014-0160", "a20140408.1"), (o.DeclaredBy, o.Commit, o.Reason, o.Arbitration));
        // Two emergency deployments in a 15-day period: 4 per 30 days.
        Assert.Equal(new ReportSummary(15, 2, 2, 4, 2), data.Summary);
        Assert.Equal([carried.Id, open.Id], data.Overdue.Select(x => x.Patch));
    }

    [Fact]
    public async Task Waiting_lists_open_patches_by_step_longest_waiting_first_and_skips_final_states()
    {
        using var t = await ReportTestDb.CreateAsync();
        var repo = await t.RepositoryAsync("/nowhere");
        var recent = await Waiting(t, repo, "submitted", Now.AddDays(-2));
        var old = await Waiting(t, repo, "submitted", Now.AddDays(-40));
        var blessed = await Waiting(t, repo, "blessed", Now.AddDays(-1));
        await Waiting(t, repo, "deployed", Now.AddDays(-3));
        await Waiting(t, repo, "withdrawn", Now.AddDays(-3));

        var waiting = (await Build(t)).Waiting;

        Assert.Equal([("regular", "submitted"), ("regular", "blessed")], waiting.Select(w => (w.Kind, w.State)));
        Assert.Equal([old.Id, recent.Id], waiting[0].Patches.Select(p => p.Patch));
        Assert.Equal([40.0, 2.0], waiting[0].Patches.Select(p => p.Days));
        Assert.Equal(blessed.Id, Assert.Single(waiting[1].Patches).Patch);
    }

    private static Task<ReportData> Build(ReportTestDb t) =>
        PeriodReport.BuildAsync(t.Db, t.Engine, From, To, Now, new SignedCheckpoint(42, "h42", Now, "key", "sig"), CancellationToken.None);

    private static Task<Patch> Deployed(ReportTestDb t, GitRepository repo, string title, DateTimeOffset at, Action<Patch>? more = null) =>
        t.PatchAsync(repo, "regular", "deployed", CommitB, CommitA, title, p =>
        {
            p.CreatedAt = p.UpdatedAt = at;
            p.Deployments.Add(new Deployment
            {
                Environment = "production", EnvironmentKind = "production", Commit = CommitA, By = "sam", Revision = 1, At = at,
            });
            more?.Invoke(p);
        });

    private static Task<Patch> Emergency(
        ReportTestDb t, GitRepository repo, string title, DateTimeOffset at, string state, DateTimeOffset? outcome) =>
        t.PatchAsync(repo, "emergency", state, CommitB, CommitA, title, p =>
        {
            p.CreatedAt = at;
            p.UpdatedAt = outcome ?? at;
            p.OutcomeAt = outcome;
            p.DeclaredBy = "sam";
            p.Reason = "CVE-2014-0160";
            p.Arbitration = "a20140408.1";
            p.ReviewDeadline = at.AddDays(14);
            p.Deployments.Add(new Deployment
            {
                Environment = "production", EnvironmentKind = "production", Commit = CommitA, By = "sam", Revision = 1,
                Emergency = true, At = at,
            });
        });

    private static Task<Patch> Waiting(ReportTestDb t, GitRepository repo, string state, DateTimeOffset since) =>
        t.PatchAsync(repo, "regular", state, CommitB, CommitA, state, p => p.CreatedAt = p.UpdatedAt = since);
}
