using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// The period report takes the log's state from the server's self-check and walks the log only
// from the last event that check verified to the head: a month's report no longer re-verifies a
// million events. What it walks it checks: an edit there refuses the report. An edit behind
// the last verified event is the full walks' to find (start-up, the timer, each checkpoint and
// hand-over), and once one has, the report is refused as well.
public sealed class ReportChainCheckTests
{
    private const string Report = "/api/audit/report?from=2026-01-01&to=2026-12-31&format=json";

    [Fact]
    public async Task An_event_edited_after_the_last_verified_one_refuses_the_report()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("deployed");
        await ApiAssert.StatusAsync(await s["audrey"].GetAsync("/api/audit/checkpoint"), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await s.PostAsync("bob", $"/api/patches/{id}/comments", new { body = "After the checkpoint." }), HttpStatusCode.Created);
        var newest = (await s.EventsAsync()).Max(e => e.GetProperty("sequence").GetInt64());

        s.App.ExecuteSql(s.App.DropAppendOnlyTriggersSql + $"""UPDATE "AuditEvents" SET "Actor" = 'mallory' WHERE "Sequence" = {newest}""");

        await ApiAssert.ProblemAsync(await s["audrey"].GetAsync(Report), HttpStatusCode.Conflict, $"the audit log is broken at event {newest}");
    }

    [Fact]
    public async Task The_report_walks_the_log_only_from_the_self_checks_last_verified_event()
    {
        using var s = await Scenario.StartAsync();
        await s.RegularInStateAsync("deployed");
        await ApiAssert.StatusAsync(await s["audrey"].GetAsync("/api/audit/checkpoint"), HttpStatusCode.OK);

        // Behind the verified position: the report does not walk there, so it still answers.
        s.App.ExecuteSql(s.App.DropAppendOnlyTriggersSql + """UPDATE "AuditEvents" SET "Actor" = 'mallory' WHERE "Sequence" = 2""");
        await ApiAssert.StatusAsync(await s["audrey"].GetAsync(Report), HttpStatusCode.OK);

        // A full walk (here the checkpoint's) finds it; from then on the report is refused too.
        await ApiAssert.ProblemAsync(await s["audrey"].GetAsync("/api/audit/checkpoint"), HttpStatusCode.Conflict, "the audit log is broken at event 2");
        await ApiAssert.ProblemAsync(await s["audrey"].GetAsync(Report), HttpStatusCode.Conflict, "the audit log is broken at event 2");
    }
}
