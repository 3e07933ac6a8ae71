namespace Assessment.Core.Data;

// A bearer token: only its SHA-256 is kept, so a copy of the database signs no one in. A user
// may hold several (one per tool or machine), each revocable on its own.
internal sealed class ApiToken
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User User { get; set; } = null!;
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

// A browser's sign-in: the cookie holds a random id whose hash is kept here, never a token.
internal sealed class PageSession
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User User { get; set; } = null!;
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

// A client certificate registered to a user, known by its SHA-256 fingerprint.
internal sealed class ClientCertificate
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User User { get; set; } = null!;
    public required string Fingerprint { get; set; }
    public required string Subject { get; set; }
    public required string Issuer { get; set; }
    public DateTimeOffset NotAfter { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
