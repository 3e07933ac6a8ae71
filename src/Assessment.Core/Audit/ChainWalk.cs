using Assessment.Core.Data;

namespace Assessment.Core.Audit;

// The chain's state across batches; batches are checked one after the other, never at once.
// Each event is checked against its own stored columns (its hash) and its predecessor's stored
// hash (its place), so a batch needs nothing computed from the batch before it.
internal sealed class ChainWalk(long afterSequence, string afterHash) : IDisposable
{
    private readonly CanonicalEvent encoder = new();

    public string ExpectedPrevious { get; private set; } = afterHash;
    public long Count { get; private set; } = afterSequence;
    public ChainVerification? Failure { get; private set; }

    public ChainVerification Result => Failure ?? new ChainVerification(true, Count, null, null, ExpectedPrevious);

    public void Check(AuditEvent[] batch, int count)
    {
        Span<byte> hash = stackalloc byte[32];
        Span<char> hex = stackalloc char[64];
        for (var i = 0; i < count; i++)
        {
            var e = batch[i];
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

    public void Dispose() => encoder.Dispose();
}
