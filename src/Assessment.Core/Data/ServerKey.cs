namespace Assessment.Core.Data;

// A key the server has signed with, and when: GET /api/keys lists them all, so a checkpoint or
// hand-over signed before a rotation still verifies. Each row is written with its log event.
internal sealed class ServerKey
{
    public int Id { get; set; }
    public required string KeyId { get; set; }
    public required string Algorithm { get; set; }
    public required string PublicKeyPem { get; set; }
    public DateTimeOffset ValidFrom { get; set; }

    // Null while it is the key in use.
    public DateTimeOffset? ValidUntil { get; set; }
    public long Event { get; set; }
}
