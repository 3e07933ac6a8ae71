using System.Globalization;
using System.Text.Json;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Pages;

// How long patches waited for each step, week by week: a wait begins when an event moves the
// patch into a state and ends when the next action is taken from that state; it is counted in
// the week it ended, under the action that ended it. Only the period's events are read (one
// query, bounded by the period), so a wait that began before the period is not counted.
public sealed record WaitTrend(IReadOnlyList<DateTimeOffset> Weeks, IReadOnlyList<WaitSeries> Steps)
{
    internal static async Task<WaitTrend> ReadAsync(AssessmentDb db, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var weeks = Enumerable.Range(0, Math.Max(1, (int)Math.Ceiling((to - from).TotalDays / 7))).Select(i => from.AddDays(7 * i)).ToList();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.PatchId != null && e.At >= from && e.At < to)
            .OrderBy(e => e.Sequence).Select(e => new { e.PatchId, e.At, e.Data }).ToListAsync(ct);
        var entered = new Dictionary<int, (string State, DateTimeOffset At)>();
        var waits = new Dictionary<string, List<(int Week, double Days)>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var (action, fromState, toState) = Move(e.Data);
            var patch = e.PatchId!.Value;
            if (action is not null && fromState is not null && entered.TryGetValue(patch, out var since) && since.State == fromState)
            {
                var week = Math.Min(weeks.Count - 1, (int)((e.At - from).TotalDays / 7));
                (waits.TryGetValue(action, out var list) ? list : waits[action] = []).Add((week, (e.At - since.At).TotalDays));
            }
            if (toState is not null && toState != fromState) entered[patch] = (toState, e.At);
        }
        var steps = waits.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => new WaitSeries(w.Key,
            [.. Enumerable.Range(0, weeks.Count).Select(i => w.Value.Where(x => x.Week == i).Select(x => x.Days).DefaultIfEmpty(double.NaN).Average())],
            [.. Enumerable.Range(0, weeks.Count).Select(i => w.Value.Count(x => x.Week == i))])).ToList();
        return new WaitTrend(weeks, steps);
    }

    // An action's event says which action moved the patch from which state to which.
    private static (string? Action, string? From, string? To) Move(string data)
    {
        using var json = JsonDocument.Parse(data);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return (null, null, null);
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return (Text("action"), Text("from"), Text("to"));
    }

    public static string Week(DateTimeOffset start) => start.UtcDateTime.ToString("MM-dd", CultureInfo.InvariantCulture);
}

// One step's mean wait in days per week (NaN: nothing ended that week) and how many waits each mean is of.
public sealed record WaitSeries(string Step, IReadOnlyList<double> MeanDays, IReadOnlyList<int> Counts);
