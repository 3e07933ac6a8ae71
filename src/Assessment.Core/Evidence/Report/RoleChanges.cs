using System.Text.Json;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence;

// The role grants and removals of a period, read from the log itself: a user created with
// roles grants them; a change names what it granted and removed.
internal static class RoleChanges
{
    private const string Created = "user.created", Changed = "user.roles-changed";

    public static async Task<List<ReportRoleChange>> ReadAsync(AssessmentDb db, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => (e.Type == Created || e.Type == Changed) && e.At >= from && e.At < to)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var changes = new List<ReportRoleChange>();
        foreach (var e in events)
        {
            using var json = JsonDocument.Parse(e.Data);
            var data = json.RootElement;
            var granted = e.Type == Created ? Names(data, "roles") : Names(data, "granted");
            var removed = e.Type == Created ? [] : Names(data, "removed");
            if (granted.Count == 0 && removed.Count == 0) continue;
            changes.Add(new ReportRoleChange(e.At, Text(data, "name") ?? "", granted, removed, e.Actor, Text(data, "motion"), e.Sequence));
        }
        return changes;
    }

    private static List<string> Names(JsonElement data, string property) =>
        data.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(x => x.GetString() ?? "")]
            : [];

    private static string? Text(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
