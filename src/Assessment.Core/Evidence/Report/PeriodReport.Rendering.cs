using System.Globalization;
using System.Text;
using System.Text.Json;
using Assessment.Core.Markdown;

namespace Assessment.Core.Evidence;

// The printed forms. Every piece of user text (titles, names, reasons, repository names) goes
// through MarkdownRenderer.Escape, and the HTML comes from the one pipeline with raw HTML
// disabled, so a title like "<script>" is shown, never run.
internal sealed partial class PeriodReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new UtcTimeConverter() },
    };

    public static string ToJson(ReportData data) => JsonSerializer.Serialize(data, Json);

    public static string ToHtml(ReportData data) =>
        MarkdownRenderer.Page(Title(data), MarkdownRenderer.ToHtml(ToMarkdown(data)));

    public static string ToMarkdown(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Title(data)).AppendLine(); // dates only, nothing to escape
        Table(md, ["Field", "Value"],
        [
            ["Period", $"from {Time(data.From)} up to, not including, {Time(data.To)}"],
            ["Generated", Time(data.GeneratedAt) + " (states, waiting times and overdue flags are as of this moment)"],
            ["Log checkpoint", $"event {data.Checkpoint.Sequence}, head hash `{data.Checkpoint.Hash}`, signed {EvidenceJson.Time(data.Checkpoint.At)}"],
            ["Checkpoint signature", $"key `{data.Checkpoint.KeyId}`, signature `{data.Checkpoint.Signature}`"],
        ]);
        md.AppendLine("This report was made from the log up to the checkpoint below, given exactly as it was signed. " +
            "Keep the report: `assess audit verify --since` with this report later proves the log still extends it.").AppendLine();
        md.AppendLine("```json").AppendLine(data.Checkpoint.ToJson()).AppendLine("```").AppendLine();

        var s = data.Summary;
        md.AppendLine("## Summary").AppendLine();
        Table(md, ["Figure", "Value"],
        [
            ["Production deployments", Num(s.ProductionDeployments)],
            ["of which emergencies", Num(s.EmergencyDeployments)],
            ["Emergencies per 30 days", Rate(s.EmergenciesPer30Days) + $" ({Num(s.EmergencyDeployments)} in {s.PeriodDays.ToString("0.##", CultureInfo.InvariantCulture)} days)"],
            ["Overdue reviews (now)", Num(s.Overdue)],
        ]);

        md.AppendLine("## Production deployments").AppendLine();
        Table(md, ["Patch", "Commit", "People", "Deployed", "Emergency"], data.Deployments.Select(d => new[]
        {
            $"\\#{d.Patch} ({d.Kind}) {Esc(d.Title)}, repository {Esc(d.Repository)}",
            $"`{d.Commit}`",
            $"author {Names(d.Author)}; reviews: {Listed(d.Reviews, d.Closed)}; tests: {Listed(d.Tests, d.Closed)}; " +
                (d.BlessedBy is null ? "_not blessed_" : $"blessed by {Esc(d.BlessedBy)}"),
            $"{Time(d.DeployedAt)} by {Esc(d.DeployedBy)}" + (d.Witness is null ? "" : $", witness {Esc(d.Witness)}") + $", to {Esc(d.Environment)}",
            (d.Emergency ? "**yes**" : "no") + (d.Rollback ? ", **rollback** (production lost commits it ran)" : ""),
        }));

        md.AppendLine("## Emergencies").AppendLine();
        if (data.Emergencies.Count == 0) md.AppendLine("_None._").AppendLine();
        foreach (var e in data.Emergencies)
        {
            md.Append(CultureInfo.InvariantCulture, $"### Emergency \\#{e.Patch}: {Esc(e.Title)}").AppendLine().AppendLine();
            Table(md, ["Field", "Value"],
            [
                ["Declared", $"{Time(e.DeclaredAt)} by {Names(e.DeclaredBy)}"],
                ["Commit", $"`{e.Commit}` in {Esc(e.Repository)}, written by {Names(e.CommitAuthor)}"],
                ["Reason", Esc(e.Reason)],
                ["Arbitration case", e.Arbitration is null ? "**none recorded**" : Esc(e.Arbitration)],
                ["State", Esc(e.State)],
                ["Review deadline", e.Deadline is { } d ? Time(d) : "none"],
                ["Reviews", Listed(e.Reviews, e.OutcomeAt is not null)],
                ["Tests", Listed(e.Tests, e.OutcomeAt is not null)],
                ["Time to outcome", e.HoursToOutcome is { } h
                    ? $"{Duration(TimeSpan.FromHours(h))} (outcome {Time(e.OutcomeAt!.Value)})"
                    : $"open for {Duration(TimeSpan.FromHours(e.OpenHours ?? 0))}"],
                ["Overdue", e.Overdue ? "**yes**" : "no"],
                ["Remedial follow-ups", e.FollowUps.Count == 0 ? "none"
                    : string.Join("; ", e.FollowUps.Select(f => $"\\#{f.Patch} {Esc(f.Title)} ({Esc(f.State)})"))],
            ]);
        }

        md.AppendLine("## Overdue reviews (escalation)").AppendLine();
        Table(md, ["Patch", "State", "Deadline", "Overdue by"], data.Overdue.Select(o => new[]
        {
            $"\\#{o.Patch} ({o.Kind}) {Esc(o.Title)}, repository {Esc(o.Repository)}", Esc(o.State), Time(o.Deadline), Days(o.DaysOverdue),
        }));

        md.AppendLine("## Waiting, by step").AppendLine();
        if (data.Waiting.Count == 0) md.AppendLine("_Nothing is waiting._").AppendLine();
        foreach (var w in data.Waiting)
        {
            md.Append(CultureInfo.InvariantCulture, $"### {Esc(w.Kind)}: {Esc(w.State)} ({w.Patches.Count})").AppendLine().AppendLine();
            Table(md, ["Patch", "Repository", "In this state since", "Waiting"], w.Patches.Select(p => new[]
            {
                $"\\#{p.Patch} {Esc(p.Title)}", Esc(p.Repository), Time(p.Since), Days(p.Days),
            }));
        }

        md.AppendLine("## Role grants and removals").AppendLine();
        Table(md, ["When", "User", "Granted", "Removed", "By", "Motion", "Event"], data.RoleChanges.Select(r => new[]
        {
            Time(r.At), Esc(r.User), r.Granted.Count == 0 ? "none" : Esc(string.Join(", ", r.Granted)),
            r.Removed.Count == 0 ? "none" : Esc(string.Join(", ", r.Removed)), Esc(r.By),
            r.Motion is null ? "**none recorded**" : Esc(r.Motion), r.Event.ToString(CultureInfo.InvariantCulture),
        }));

        md.AppendLine("## Who carried the load").AppendLine();
        Table(md, ["Person", "Reviews", "Tests", "Test deployments", "Blessings", "Production deployments"], data.People.Select(p => new[]
        {
            Esc(p.Name), Num(p.Reviews), Num(p.Tests), Num(p.TestDeployments), Num(p.Blessings), Num(p.ProductionDeployments),
        }));
        return md.ToString();
    }

    private static string Title(ReportData data) =>
        $"Change report {Date(data.From)} to {Date(data.To.AddTicks(-1))}";

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            md.AppendLine("_None._").AppendLine();
            return;
        }
        md.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        md.Append('|').AppendJoin('|', header.Select(_ => "---")).AppendLine("|");
        foreach (var row in list) md.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        md.AppendLine();
    }

    private static string Esc(string? text) => text is null ? "" : MarkdownRenderer.Escape(text);

    private static string Names(string? name) => string.IsNullOrEmpty(name) ? "_unknown_" : Esc(name);

    // Each record with its verdict and time; none on a decided case is a fact, not a wait.
    private static string Listed(IReadOnlyList<ReportVerdict> records, bool closed) =>
        records.Count == 0
            ? (closed ? "_none (no longer awaited)_" : "_none yet_")
            : string.Join(", ", records.Select(r => $"{Esc(r.By)} **{Esc(r.Verdict)}** {Time(r.At)}"));

    // Small rates keep two significant digits instead of rounding to zero.
    private static string Rate(double rate)
    {
        if (rate == 0 || rate >= 0.01) return rate.ToString("0.##", CultureInfo.InvariantCulture);
        var decimals = Math.Min(15, (int)Math.Ceiling(-Math.Log10(rate)) + 1);
        return rate.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Days(double days) => Duration(TimeSpan.FromDays(days));

    // Hours and minutes (with days when there are any); under a minute is said so, never "0 hours".
    private static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.FromMinutes(1)) return $"under a minute ({Math.Max(0, (int)d.TotalSeconds)} s)";
        var hm = string.Create(CultureInfo.InvariantCulture, $"{d.Hours} h {d.Minutes} min");
        return d.Days switch
        {
            0 => hm,
            1 => "1 day " + hm,
            _ => string.Create(CultureInfo.InvariantCulture, $"{d.Days} days {hm}"),
        };
    }
}
