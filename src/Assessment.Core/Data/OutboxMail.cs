namespace Assessment.Core.Data;

// A mail waiting for the SMTP server to accept it. Written in the transaction of the audit event
// it reports, so it is never lost; marked sent only once the server accepted it.
internal sealed class OutboxMail
{
    public int Id { get; set; }
    public long EventSequence { get; set; }
    public required string EventHash { get; set; }

    // Comma-separated addresses.
    public required string Recipients { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}
