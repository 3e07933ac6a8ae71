using System.Globalization;
using Assessment.Core.Audit;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Input;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Endpoints;

// Evidence for auditors and the board: mapped on a group that needs a role reading evidence.
internal static class ReportEndpoints
{
    public static void MapReportEndpoints(this RouteGroupBuilder api)
    {
        // from and to are dates (yyyy-MM-dd, UTC) and both days are included: to=2026-03-31
        // ends the period at 2026-04-01T00:00Z, exclusive. A full ISO timestamp with an offset
        // is taken as the exact bound instead (to still exclusive). Without to, the period ends
        // with today; without from, it starts 30 days before its end.
        api.MapGet("/audit/report", async (string? from, string? to, string? format, AssessmentDb db, WorkflowEngine engine, SigningKey key,
            AuditWatch watch, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            var end = Bound(to, "to", endOfDay: true) ?? new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            var start = Bound(from, "from", endOfDay: false) ?? end.AddDays(-30);
            if (start >= end)
            {
                throw Refusal.Malformed($"from: {start:O} is not before the end of the period ({end:O}); 'to' is inclusive of its day");
            }
            var kind = (format ?? "markdown").Trim().ToLowerInvariant();
            if (kind is not ("markdown" or "html" or "json"))
            {
                throw Refusal.Malformed($"format: {Fields.Show(format ?? "")} is not 'markdown', 'html' or 'json'");
            }
            await watch.EnsureVerifiedToHeadAsync(db, ct);
            var data = await ReadSnapshot.RunAsync(db, async () =>
            {
                var (sequence, hash) = await AuditLog.HeadAsync(db, ct);
                return await PeriodReport.BuildAsync(db, engine, start, end, now, Checkpoint.Sign(key, sequence, hash, now), ct);
            }, ct);
            return kind switch
            {
                "html" => Results.Text(PeriodReport.ToHtml(data), "text/html; charset=utf-8"),
                "json" => Results.Text(PeriodReport.ToJson(data), "application/json; charset=utf-8"),
                _ => Results.Text(PeriodReport.ToMarkdown(data), "text/markdown; charset=utf-8"),
            };
        }).WithSummary("The period report (markdown, html or json), made at the log checkpoint it names");

        api.MapGet("/repositories/{name}/drift", async (string name, string? commit, AssessmentDb db, CancellationToken ct) =>
            Results.Ok(await CommitDrift.ComputeAsync(db, await RepositoryAsync(db, name, ct), commit, ct)))
            .WithSummary("Commits on production (the production branch, or the given commit) that no blessed or emergency patch " +
                "covers; records nothing");

        api.MapPost("/repositories/{name}/drift", async (string name, string? commit, HttpContext http, AssessmentDb db,
            WriteGate gate, AuditLog audit, CancellationToken ct) =>
            Results.Ok(await CommitDrift.CheckAsync(db, gate, audit, await RepositoryAsync(db, name, ct), commit, http.Caller().Name, ct)))
            .WithSummary("The same drift check, recording the explained point (so later checks walk only what is newer) in the log");
    }

    private static async Task<GitRepository> RepositoryAsync(AssessmentDb db, string name, CancellationToken ct) =>
        await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name, ct)
            ?? throw Refusal.NotFound($"repository {Fields.Show(name)} is not registered");

    // The report's dates stay well inside what DateTimeOffset can add days to.
    private static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset? Bound(string? value, string field, bool endOfDay)
    {
        var bound = ParseBound(value, field, endOfDay);
        if (bound is { } b && (b < Earliest || b > Latest))
        {
            throw Refusal.Malformed($"{field}: {Fields.Show(value!)} is out of range ({Earliest:yyyy-MM-dd} to {Latest.AddDays(-1):yyyy-MM-dd})");
        }
        return bound;
    }

    private static DateTimeOffset? ParseBound(string? value, string field, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // Judged before adding a day: 9999-12-31 has no next day to end at.
            if (day.Year is < 1970 or >= 9000) return day.Year < 1970 ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue;
            var date = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return new DateTimeOffset(endOfDay ? date.AddDays(1) : date, TimeSpan.Zero);
        }
        if (text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }
        throw Refusal.Malformed($"{field}: {Fields.Show(value)} is not a date (yyyy-MM-dd) or an ISO timestamp");
    }
}
