using System.Text.Json;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Audit;

// Appends events to the chain inside the caller's transaction; the caller holds the WriteGate,
// so no one else can append between reading the head and saving.
internal sealed class AuditLog(TimeProvider clock, AuditWatch? watch = null)
{

    internal static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public async Task<AuditEvent> AppendAsync(AssessmentDb db, AuditEntry entry, CancellationToken ct)
    {
        var pending = db.ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefault();
        // Inside a write group the head is the group's (no query per action); otherwise read it.
        var (sequence, hash) = pending is not null ? (pending.Sequence, pending.Hash)
            : db.GroupHead?.Value ?? await HeadAsync(db, ct);

        var e = new AuditEvent
        {
            Sequence = sequence + 1,
            Format = AuditFormat.Current,
            At = CanonicalEvent.Stamp(entry.At ?? clock.GetUtcNow()),
            Actor = entry.Actor,
            Type = entry.Type,
            PatchId = entry.PatchId,
            Commit = entry.Commit,
            WorkflowHash = entry.WorkflowHash,
            Data = JsonSerializer.Serialize(entry.Data, DataJson),
            PreviousHash = hash,
            Hash = "",
        };
        e.Hash = AuditChain.ComputeHash(e);
        db.AuditEvents.Add(e);
        db.GroupHead?.Value = (e.Sequence, e.Hash);
        watch?.NoteAppended();
        return e;
    }

    // Where the log stands: its last sequence number and hash (0 and the genesis hash when empty).
    public static async Task<(long Sequence, string Hash)> HeadAsync(AssessmentDb db, CancellationToken ct)
    {
        var head = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        return head is null ? (0, AuditChain.GenesisHash) : (head.Sequence, head.Hash);
    }
}

internal sealed record AuditEntry(
    string Actor,
    string Type,
    object Data,
    int? PatchId = null,
    string? Commit = null,
    string? WorkflowHash = null,
    DateTimeOffset? At = null);
