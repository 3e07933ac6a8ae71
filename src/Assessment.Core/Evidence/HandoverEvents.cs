using System.Text.Json;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence;

// The log event that recorded each review, test and deployment of a patch, for the hand-over:
// a verifier judges whether a person's key was in force by the log's order, so each record names
// its event. A record is matched with the first unmatched event of its kind, person, commit,
// revision and verdict, records in the order they were made, events in the log's order.
internal static class HandoverEvents
{
    private const string Reviewed = "patch.reviewed", Tested = "patch.tested", Deployed = "patch.deployed";

    public static async Task<IReadOnlyDictionary<ISignedRecord, long>> OfAsync(AssessmentDb db, Patch patch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.PatchId == patch.Id && (e.Type == Reviewed || e.Type == Tested || e.Type == Deployed))
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        var open = events.Select(e => (Event: e, Data: Read(e))).ToList();
        var found = new Dictionary<ISignedRecord, long>(ReferenceEqualityComparer.Instance);
        void Match(ISignedRecord record, string type, string by, string commit, int revision, string verdict)
        {
            var i = open.FindIndex(o => string.Equals(o.Event.Type, type, StringComparison.Ordinal)
                && string.Equals(o.Event.Actor, by, StringComparison.Ordinal) && string.Equals(o.Event.Commit, commit, StringComparison.Ordinal)
                && (o.Data.Revision is null || o.Data.Revision == revision) && string.Equals(o.Data.Verdict, verdict, StringComparison.Ordinal));
            if (i < 0) return;
            found[record] = open[i].Event.Sequence;
            open.RemoveAt(i);
        }
        foreach (var r in patch.Reviews.OrderBy(r => r.Id)) Match(r, Reviewed, r.By, r.Commit, r.Revision, r.Verdict);
        foreach (var t in patch.Tests.OrderBy(t => t.Id)) Match(t, Tested, t.By, t.Commit, t.Revision, t.Result);
        foreach (var d in patch.Deployments.Where(d => !d.Emergency).OrderBy(d => d.Id)) Match(d, Deployed, d.By, d.Commit, d.Revision, d.Environment);
        return found;
    }

    // The revision and the verdict (a review's verdict, a test's result, a deployment's environment) an action event names.
    private static (int? Revision, string? Verdict) Read(AuditEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        var root = data.RootElement;
        var revision = root.TryGetProperty("revision", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : (int?)null;
        string? verdict = null;
        if (root.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "verdict", "result", "environment" })
            {
                if (d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                {
                    verdict = v.GetString();
                    break;
                }
            }
        }
        return (revision, verdict);
    }
}
