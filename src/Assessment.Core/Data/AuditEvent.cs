namespace Assessment.Core.Data;

// One entry of the append-only, hash-chained log. The application inserts and never updates
// or deletes; Hash = SHA-256 over the previous hash and the canonical form of the other columns.
internal sealed class AuditEvent
{
    public long Sequence { get; set; }

    // Which canonical encoding the hash covers (docs/evidence-format.md): 1 for events written
    // before the format was published, 2 (RFC 8785 JSON) since. Old events keep their encoding.
    public int Format { get; set; } = AuditFormat.Current;
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Type { get; set; }
    public int? PatchId { get; set; }
    public string? Commit { get; set; }
    public string? WorkflowHash { get; set; }

    // Canonical JSON of the event's details, exactly the bytes that were hashed.
    public required string Data { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}
