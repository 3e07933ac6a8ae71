using System.Text.Json;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence;

// Appends events to the chain inside the caller's transaction; the caller holds the WriteGate,
// so no one else can append between reading the head and saving.
internal sealed class AuditLog(TimeProvider clock)
{
    internal static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public async Task<AuditEvent> AppendAsync(AssessmentDb db, AuditEntry entry, CancellationToken ct)
    {
        var pending = db.ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefault();
        var last = pending ?? await db.AuditEvents.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefaultAsync(ct);

        var e = new AuditEvent
        {
            Sequence = (last?.Sequence ?? 0) + 1,
            At = clock.GetUtcNow(),
            Actor = entry.Actor,
            Type = entry.Type,
            PatchId = entry.PatchId,
            Commit = entry.Commit,
            WorkflowHash = entry.WorkflowHash,
            Data = JsonSerializer.Serialize(entry.Data, DataJson),
            PreviousHash = last?.Hash ?? AuditChain.GenesisHash,
            Hash = "",
        };
        e.Hash = AuditChain.ComputeHash(e);
        db.AuditEvents.Add(e);
        return e;
    }
}

internal sealed record AuditEntry(
    string Actor,
    string Type,
    object Data,
    int? PatchId = null,
    string? Commit = null,
    string? WorkflowHash = null);
