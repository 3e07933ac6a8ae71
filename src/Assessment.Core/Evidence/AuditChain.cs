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

    // Events are read in batches; while the caller's thread reads the next batch, another
    // hashes this one. Reading and hashing cost about the same, so the two overlap.
    private const int BatchSize = 4096;

    public static string ComputeHash(AuditEvent e)
    {
        using var encoder = new Encoder();
        Span<byte> hash = stackalloc byte[32];
        encoder.Hash(e, hash);
        return Convert.ToHexStringLower(hash);
    }

    // Walks events in sequence order; the first one out of place or out of hash is reported.
    public static ChainVerification Verify(IEnumerable<AuditEvent> eventsInOrder)
    {
        ArgumentNullException.ThrowIfNull(eventsInOrder);
        var walk = new Walk();
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
    private sealed class Walk
    {
        private readonly Encoder encoder = new();

        public string ExpectedPrevious { get; private set; } = GenesisHash;
        public long Count { get; private set; }
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
                encoder.Hash(e, hash);
                Convert.TryToHexStringLower(hash, hex, out _);
                if (!e.Hash.AsSpan().SequenceEqual(hex))
                {
                    Failure = ChainVerification.Bad(Count, e.Sequence, $"event {e.Sequence} was altered: its content does not match its hash");
                    return;
                }
                ExpectedPrevious = e.Hash;
                Count++;
            }
        }
    }

    // One buffer and JSON writer reused for every event: the canonical form is rebuilt per event
    // without allocating per event.
    private sealed class Encoder : IDisposable
    {
        private readonly ArrayBufferWriter<byte> buffer = new(1024);
        private readonly Utf8JsonWriter json;

        public Encoder() => json = new Utf8JsonWriter(buffer);

        public void Hash(AuditEvent e, Span<byte> destination)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
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
            json.Flush();
            SHA256.HashData(buffer.WrittenSpan, destination);
        }

        public void Dispose() => json.Dispose();
    }
}

internal sealed record ChainVerification(bool Ok, long Events, long? FirstBadEvent, string? Detail, string? HeadHash)
{
    public static ChainVerification Bad(long verified, long sequence, string detail) =>
        new(false, verified, sequence, detail, null);
}
