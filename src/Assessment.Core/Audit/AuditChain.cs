using Assessment.Core.Data;

namespace Assessment.Core.Audit;

// The hash chain: each event's hash covers the previous hash and every column of the event,
// in its canonical form (CanonicalEvent), so editing, deleting or reordering rows breaks the chain.
internal static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    // Events are read in batches; while the caller's thread reads the next batch, another
    // hashes this one. Reading and hashing cost about the same, so the two overlap.
    private const int BatchSize = 4096;

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
        var eventsInOrder = eventsAfterInOrder;
        var walk = new Walk(afterSequence, afterHash);
        Task? hashing = null;
        var batch = new List<AuditEvent>(BatchSize);
        foreach (var e in eventsInOrder)
        {
            batch.Add(e);
            if (batch.Count < BatchSize) continue;
            hashing?.Wait();
            if (walk.Failure is not null) return walk.Failure;
            var full = batch;
            hashing = Task.Run(() => walk.Check(full));
            batch = new List<AuditEvent>(BatchSize);
        }
        hashing?.Wait();
        if (walk.Failure is null) walk.Check(batch);
        return walk.Failure ?? new ChainVerification(true, walk.Count, null, null, walk.ExpectedPrevious);
    }

    // The chain's state across batches; batches are checked one after the other, never at once.
    private sealed class Walk(long afterSequence, string afterHash)
    {
        private readonly CanonicalEvent encoder = new();

        public string ExpectedPrevious { get; private set; } = afterHash;
        public long Count { get; private set; } = afterSequence;
        public ChainVerification? Failure { get; private set; }

        public void Check(List<AuditEvent> batch)
        {
            Span<byte> hash = stackalloc byte[32];
            Span<char> hex = stackalloc char[64];
            foreach (var e in batch)
            {
                var expectedSequence = Count + 1;
                if (e.Sequence != expectedSequence)
                {
                    Failure = ChainVerification.Bad(Count, expectedSequence,
                        $"event {expectedSequence} is missing: the next event in the log is {e.Sequence}");
                    return;
                }
                if (!string.Equals(e.PreviousHash, ExpectedPrevious, StringComparison.Ordinal))
                {
                    Failure = ChainVerification.Bad(Count, e.Sequence,
                        $"event {e.Sequence} does not follow event {e.Sequence - 1}: its previous hash differs");
                    return;
                }
                if (e.Format is not (AuditFormat.Legacy or AuditFormat.Jcs))
                {
                    Failure = ChainVerification.Bad(Count, e.Sequence, $"event {e.Sequence} names an unknown format {e.Format}");
                    return;
                }
                encoder.Hash(e, hash);
                Convert.TryToHexStringLower(hash, hex, out _);
                // A format-2 time is hashed to the millisecond: anything finer was added later.
                if (!e.Hash.AsSpan().SequenceEqual(hex) || (e.Format == AuditFormat.Jcs && !CanonicalEvent.IsStamped(e.At)))
                {
                    Failure = ChainVerification.Bad(Count, e.Sequence, $"event {e.Sequence} was altered: its content does not match its hash");
                    return;
                }
                ExpectedPrevious = e.Hash;
                Count++;
            }
        }
    }
}

internal sealed record ChainVerification(bool Ok, long Events, long? FirstBadEvent, string? Detail, string? HeadHash)
{
    public static ChainVerification Bad(long verified, long sequence, string detail) =>
        new(false, verified, sequence, detail, null);
}
