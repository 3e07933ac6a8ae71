using System.Globalization;
using Assessment.Core.Audit;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Pages;

// The log with its verification, the period report with its pictures, and drift per repository:
// what an auditor reads, from the same code as GET /api/audit/verify, /api/audit/report and
// /api/repositories/{name}/drift. Reading this page records nothing.
internal static class AuditPages
{
    public static void MapAuditPages(this RouteGroupBuilder evidence) =>
        evidence.MapGet("/audit", ShowAsync).WithSummary("The log's verification, the period report with pictures, drift per repository (HTML)");

    private static async Task<IResult> ShowAsync(string? from, string? to, HttpContext http, AssessmentDb db, WorkflowEngine engine,
        SigningKey key, AuditWatch watch, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        var now = clock.GetUtcNow();
        var messages = new List<PageMessage>();
        var end = Day(to, "to", messages)?.AddDays(1) ?? new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var start = Day(from, "from", messages) ?? end.AddDays(-30);
        if (start >= end)
        {
            messages.Add(PageMessage.Refusal(400, "Bad request", "from: must be before to (both days are included)"));
            start = end.AddDays(-30);
        }
        var verification = AuditChain.Verify(db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).AsEnumerable());
        ReportData? report = null;
        try
        {
            await watch.EnsureIntactAsync(db, ct);
            report = await ReadSnapshot.RunAsync(db, async () =>
            {
                var (sequence, hash) = await AuditLog.HeadAsync(db, ct);
                return await PeriodReport.BuildAsync(db, engine, start, end, now, Checkpoint.Sign(key, sequence, hash, now), ct);
            }, ct);
        }
        catch (Refusal problem)
        {
            messages.Add(PageMessage.Refusal(problem.Status, problem.Title, problem.Detail));
        }
        var drift = new List<AuditPageData.RepositoryDrift>();
        foreach (var repository in await db.Repositories.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct))
        {
            try
            {
                drift.Add(new(repository.Name, await CommitDrift.ComputeAsync(db, repository, null, ct), null));
            }
            catch (Refusal problem)
            {
                drift.Add(new(repository.Name, null, problem.Detail));
            }
        }
        var data = new AuditPageData
        {
            Verification = verification, Report = report, Drift = drift, Messages = messages,
            From = start, To = end.AddDays(-1), Now = now, Trend = report is null ? null : await WaitTrend.ReadAsync(db, start, end, ct),
        };
        return await PageResults.PageAsync<AuditPage>(http, new() { ["Data"] = data });
    }

    private static DateTimeOffset? Day(string? text, string field, List<PageMessage> messages)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is > 1970 and < 9000)
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        messages.Add(PageMessage.Refusal(400, "Bad request", $"{field}: '{text}' is not a date (yyyy-MM-dd)"));
        return null;
    }
}

public sealed class AuditPageData
{
    internal sealed record RepositoryDrift(string Repository, DriftResult? Result, string? Error);

    internal ChainVerification Verification { get; init; } = null!;
    internal ReportData? Report { get; init; }
    internal IReadOnlyList<RepositoryDrift> Drift { get; init; } = [];
    internal IReadOnlyList<PageMessage> Messages { get; init; } = [];
    internal DateTimeOffset From { get; init; }
    internal DateTimeOffset To { get; init; }
    internal DateTimeOffset Now { get; init; }
    internal WaitTrend? Trend { get; init; }
}
