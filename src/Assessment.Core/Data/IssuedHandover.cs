namespace Assessment.Core.Data;

// A hand-over as it was issued, byte for byte: one per blessing (keyed by the blessing's log
// event), so every GET returns the same document and a production deployment can name the
// one it was checked against by its digest.
internal sealed class IssuedHandover
{
    public int Id { get; set; }
    public int PatchId { get; set; }
    public long BlessingEvent { get; set; }
    public required string Document { get; set; }

    // "sha256:<hex>" of the document's UTF-8 bytes, as served.
    public required string Digest { get; set; }
    public required string KeyId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
}
