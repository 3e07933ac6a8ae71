using Assessment.Core.Data;

namespace Assessment.Core.Audit;

// The hash chain: each event's hash covers the previous hash and every column of the event,
// in its canonical form (CanonicalEvent), so editing, deleting or reordering rows breaks the chain.
// The log in the database is verified by StoredChain; this walks events already in memory.
internal static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    // Events are checked in batches; while the caller's thread gathers the next batch, another
    // hashes this one.
    internal const int BatchSize = 4096;

    public static string ComputeHash(AuditEvent e)
    {
        using var encoder = new CanonicalEvent();
        Span<byte> hash = stackalloc byte[32];
        encoder.Hash(e, hash);
        return Convert.ToHexStringLower(hash);
    }

    // Walks events in sequence order; the first one out of place or out of hash is reported.
    public static ChainVerification Verify(IEnumerable<AuditEvent> eventsInOrder) => Verify(eventsInOrder, 0, GenesisHash);

    // From a position already verified (its sequence and hash): the events after it, in order.
    public static ChainVerification Verify(IEnumerable<AuditEvent> eventsAfterInOrder, long afterSequence, string afterHash)
    {
        ArgumentNullException.ThrowIfNull(eventsAfterInOrder);
        using var walk = new ChainWalk(afterSequence, afterHash);
        Task? hashing = null;
        var batch = new AuditEvent[BatchSize];
        var count = 0;
        foreach (var e in eventsAfterInOrder)
        {
            batch[count++] = e;
            if (count < BatchSize) continue;
            hashing?.Wait();
            if (walk.Failure is not null) return walk.Failure;
            var full = batch;
            hashing = Task.Run(() => walk.Check(full, BatchSize));
            batch = new AuditEvent[BatchSize];
            count = 0;
        }
        hashing?.Wait();
        if (walk.Failure is null) walk.Check(batch, count);
        return walk.Result;
    }
}

internal sealed record ChainVerification(bool Ok, long Events, long? FirstBadEvent, string? Detail, string? HeadHash)
{
    public static ChainVerification Bad(long verified, long sequence, string detail) =>
        new(false, verified, sequence, detail, null);
}
