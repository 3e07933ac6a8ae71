using System.Globalization;
using Assessment.Core.Evidence;

namespace Assessment.Server.Pages;

// The period report's pictures, drawn the same on the audit page and the overview.
internal static class ReportCharts
{
    // How long patches wait now in each state, the longest wait and the mean.
    public static Chart Waiting(ReportData report) => new("chart-waiting", "Waiting time per step (now)",
        "For each state a patch can wait in, the longest current wait in days, with the mean and how many wait.",
        [.. report.Waiting.Where(w => w.Patches.Count > 0).Select(w => new Bar($"{w.Kind}: {w.State}", w.Patches.Max(p => p.Days),
            $"longest {Days(w.Patches.Max(p => p.Days))}, mean {Days(w.Patches.Average(p => p.Days))}, {w.Patches.Count} waiting"))]);

    // Each emergency's hours to its outcome (or open so far) against its review deadline (the dashed mark).
    public static Chart Emergencies(ReportData report) => new("chart-emergencies", "Emergencies: time to outcome against the deadline",
        "For each emergency declared in the period, hours from declaration to its outcome, or open so far; the dashed line is its review deadline.",
        [.. report.Emergencies.Select(e =>
        {
            var hours = e.HoursToOutcome ?? e.OpenHours ?? 0;
            double? deadline = e.Deadline is { } d ? (d - e.DeclaredAt).TotalHours : null;
            return new Bar($"#{e.Patch} {Cut(e.Title)}", hours,
                $"{hours.ToString("0.#", CultureInfo.InvariantCulture)} h {(e.HoursToOutcome is null ? "open" : "to outcome")}" +
                (deadline is { } dl ? $", deadline {dl.ToString("0", CultureInfo.InvariantCulture)} h" : ""),
                deadline, e.Overdue || (deadline is { } limit && hours > limit));
        })]);

    // Reviews and tests per person in the period.
    public static Chart Load(ReportData report) => new("chart-load", "Review load per person",
        "For each person, the reviews and tests they recorded in the period.",
        [.. report.People.Where(p => p.Reviews + p.Tests > 0).OrderByDescending(p => p.Reviews + p.Tests)
            .Select(p => new Bar(p.Name, p.Reviews + p.Tests, $"{Count(p.Reviews, "review")}, {Count(p.Tests, "test")}"))]);

    public static string Days(double days) =>
        days >= 1 ? $"{days.ToString("0.#", CultureInfo.InvariantCulture)} d" : $"{(days * 24).ToString("0.#", CultureInfo.InvariantCulture)} h";

    private static string Count(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";

    private static string Cut(string text) => text.Length > 22 ? text[..21] + "…" : text;
}
