namespace Assessment.Core.Data;

// The first answer to a POST that carried an Idempotency-Key, kept for a day so that a retry
// gets that answer instead of a second action. Written in the action's own transaction.
internal sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public required string Caller { get; set; }
    public required string Key { get; set; }
    // SHA-256 of the method, path, query and body: the same key with another request is refused.
    public required string RequestHash { get; set; }
    public int Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}
