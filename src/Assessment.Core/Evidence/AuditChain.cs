using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Assessment.Core.Data;

namespace Assessment.Core.Evidence;

// The hash chain: each event's hash covers the previous hash and every column of the event,
// in a canonical JSON array, so editing, deleting or reordering rows breaks the chain.
internal static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(AuditEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(e.PreviousHash);
            json.WriteNumberValue(e.Sequence);
            json.WriteNumberValue(e.At.UtcTicks);
            json.WriteStringValue(e.Actor);
            json.WriteStringValue(e.Type);
            if (e.PatchId is { } id) json.WriteNumberValue(id); else json.WriteNullValue();
            json.WriteStringValue(e.Commit);
            json.WriteStringValue(e.WorkflowHash);
            json.WriteStringValue(e.Data);
            json.WriteEndArray();
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    // Walks events in sequence order; the first one out of place or out of hash is reported.
    public static ChainVerification Verify(IEnumerable<AuditEvent> eventsInOrder)
    {
        var expectedPrevious = GenesisHash;
        long expectedSequence = 1;
        long count = 0;
        foreach (var e in eventsInOrder)
        {
            if (e.Sequence != expectedSequence)
            {
                return ChainVerification.Bad(count, expectedSequence,
                    $"event {expectedSequence} is missing: the next event in the log is {e.Sequence}");
            }
            if (!string.Equals(e.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                return ChainVerification.Bad(count, e.Sequence,
                    $"event {e.Sequence} does not follow event {e.Sequence - 1}: its previous hash differs");
            }
            if (!string.Equals(ComputeHash(e), e.Hash, StringComparison.Ordinal))
            {
                return ChainVerification.Bad(count, e.Sequence,
                    $"event {e.Sequence} was altered: its content does not match its hash");
            }
            expectedPrevious = e.Hash;
            expectedSequence++;
            count++;
        }
        return new ChainVerification(true, count, null, null, count == 0 ? GenesisHash : expectedPrevious);
    }
}

internal sealed record ChainVerification(bool Ok, long Events, long? FirstBadEvent, string? Detail, string? HeadHash)
{
    public static ChainVerification Bad(long verified, long sequence, string detail) =>
        new(false, verified, sequence, detail, null);
}
