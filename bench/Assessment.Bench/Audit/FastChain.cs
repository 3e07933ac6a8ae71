using System.Buffers;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Evidence;

namespace Assessment.Bench.Audit;

// The experiment: AuditChain.Verify's rules with AuditChain.ComputeHash's bytes, but one
// buffer and one JSON writer for the whole walk, and the digest compared as hex chars on the
// stack instead of a new string per event. Bench only: the server still uses AuditChain.
internal sealed class FastChain : IDisposable
{
    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly Utf8JsonWriter json;
    private string expectedPrevious = AuditChain.GenesisHash;
    private long expectedSequence = 1;
    private long count;
    private ChainVerification? failure;

    public FastChain() => json = new Utf8JsonWriter(buffer);

    public static ChainVerification Verify(IEnumerable<AuditEvent> events)
    {
        using var chain = new FastChain();
        foreach (var e in events)
        {
            if (!chain.Add(e.Sequence, e.At.UtcTicks, e.Actor, e.Type, e.PatchId, e.Commit, e.WorkflowHash, e.Data, e.PreviousHash, e.Hash)) break;
        }
        return chain.Result();
    }

    public static ChainVerification Verify(DbConnection connection, string select)
    {
        using var chain = new FastChain();
        using var command = connection.CreateCommand();
        command.CommandText = select;
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            if (!chain.Add(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9))) break;
        }
        return chain.Result();
    }

    public ReadOnlySpan<byte> Encode(
        string previousHash, long sequence, long atTicks, string actor, string type, int? patchId, string? commit, string? workflowHash, string data)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartArray();
        json.WriteStringValue(previousHash);
        json.WriteNumberValue(sequence);
        json.WriteNumberValue(atTicks);
        json.WriteStringValue(actor);
        json.WriteStringValue(type);
        if (patchId is { } id) json.WriteNumberValue(id); else json.WriteNullValue();
        json.WriteStringValue(commit);
        json.WriteStringValue(workflowHash);
        json.WriteStringValue(data);
        json.WriteEndArray();
        json.Flush();
        return buffer.WrittenSpan;
    }

    public void Dispose() => json.Dispose();

    private bool Add(long sequence, long atTicks, string actor, string type, int? patchId, string? commit, string? workflowHash,
        string data, string previousHash, string hash)
    {
        if (sequence != expectedSequence)
        {
            failure = ChainVerification.Bad(count, expectedSequence, $"event {expectedSequence} is missing");
            return false;
        }
        if (!string.Equals(previousHash, expectedPrevious, StringComparison.Ordinal))
        {
            failure = ChainVerification.Bad(count, sequence, $"event {sequence} does not follow event {sequence - 1}");
            return false;
        }
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encode(previousHash, sequence, atTicks, actor, type, patchId, commit, workflowHash, data), digest);
        Span<char> hex = stackalloc char[64];
        if (!Convert.TryToHexStringLower(digest, hex, out _) || !hash.AsSpan().SequenceEqual(hex))
        {
            failure = ChainVerification.Bad(count, sequence, $"event {sequence} was altered");
            return false;
        }
        expectedPrevious = hash;
        expectedSequence++;
        count++;
        return true;
    }

    private ChainVerification Result() =>
        failure ?? new ChainVerification(true, count, null, null, count == 0 ? AuditChain.GenesisHash : expectedPrevious);
}
