namespace Assessment.Core.Data;

// A public key a person registered to sign their own actions. Written with its log event;
// RegisteredAt (and RevokedAt, once revoked) answer "which keys were theirs at that time".
internal sealed class UserKey
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public required string KeyId { get; set; }
    public required string Algorithm { get; set; }
    public required string PublicKeyPem { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public long Event { get; set; }
}
