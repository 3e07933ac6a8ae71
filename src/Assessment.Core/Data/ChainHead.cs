namespace Assessment.Core.Data;

// The audit chain's head as one write group knows it: read once, under the group's lock (on
// PostgreSQL the advisory lock, so another server's events are seen), then moved by each append
// and put back where a member's savepoint is rolled back. A new group reads it again.
internal sealed class ChainHead
{
    public (long Sequence, string Hash)? Value { get; set; }
}
