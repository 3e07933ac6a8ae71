using Assessment.Core;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Workflow;

namespace Assessment.Server.Pages;

// The overview: how the process is going over the last weeks, in pictures with their figures,
// for everyone with a role. The same report as the audit page's (the waits now, emergencies
// against their deadline, the review load) and the trend of waiting times week by week; reading
// it records nothing.
internal static class OverviewPages
{
    public const int Weeks = 8;

    public static void MapOverviewPages(this RouteGroupBuilder pages) =>
        pages.MapGet("/overview", ShowAsync).WithSummary("The last weeks in pictures: waits and their trend, emergencies, review load (HTML)");

    private static async Task<IResult> ShowAsync(HttpContext http, AssessmentDb db, WorkflowEngine engine, SigningKey key, AuditWatch watch, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        var now = clock.GetUtcNow();
        var to = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var from = to.AddDays(-7 * Weeks);
        var messages = new List<PageMessage>();
        ReportData? report = null;
        try
        {
            await watch.EnsureIntactAsync(db, ct);
            report = await ReadSnapshot.RunAsync(db, async () =>
            {
                var (sequence, hash) = await AuditLog.HeadAsync(db, ct);
                return await PeriodReport.BuildAsync(db, engine, from, to, now, Checkpoint.Sign(key, sequence, hash, now), ct);
            }, ct);
        }
        catch (Refusal problem)
        {
            messages.Add(PageMessage.Refusal(problem.Status, problem.Title, problem.Detail));
        }
        var data = new OverviewData(from, to.AddDays(-1), await WaitTrend.ReadAsync(db, from, to, ct), messages) { Period = report };
        return await PageResults.PageAsync<OverviewPage>(http, new() { ["Data"] = data });
    }
}

// Public only as the component's parameter type; its contents stay inside the server.
public sealed class OverviewData(DateTimeOffset from, DateTimeOffset to, WaitTrend trend, IReadOnlyList<PageMessage> messages)
{
    internal DateTimeOffset From => from;
    internal DateTimeOffset To => to;
    internal WaitTrend Trend => trend;
    internal IReadOnlyList<PageMessage> Messages => messages;
    internal ReportData? Period { get; init; }
}
