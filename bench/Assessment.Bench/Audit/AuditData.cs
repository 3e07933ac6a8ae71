using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Bench.Audit;

// N events with AuditLog.AppendAsync's semantics (sequence from 1, the web-JSON Data, the
// previous hash, AuditChain.ComputeHash), inserted with one prepared statement in one
// transaction: the EF path would take minutes for 100,000 and measure nothing of interest.
internal static class AuditData
{
    private static readonly string[] Types =
        ["patch.submitted", "patch.reviewed", "patch.reviewed", "patch.deployed", "patch.tested", "patch.blessed", "drift.checked"];

    private static readonly string[] Actors = ["alice", "bob", "carol", "dave", "erin"];

    private static readonly string WorkflowHash = Hex("workflows/regular.md", 64);

    public static async Task CreateAsync(string path, int count, CancellationToken ct)
    {
        await BenchDb.CreateAsync(path, ct);
        await using var db = BenchDb.Open(path);
        var sql = AuditSql.Of(db);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = sql.Insert;
        var parameters = sql.Columns.Select((_, i) =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = "$p" + i;
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        await insert.PrepareAsync(ct);

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var previous = AuditChain.GenesisHash;
        for (long sequence = 1; sequence <= count; sequence++)
        {
            var e = Event(sequence, start.AddSeconds(sequence), previous);
            object?[] values = [e.Sequence, e.At.UtcTicks, e.Actor, e.Type, e.PatchId, e.Commit, e.WorkflowHash, e.Data, e.PreviousHash, e.Hash, e.Format];
            for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
            previous = e.Hash;
        }
        await tx.CommitAsync(ct);
    }

    private static AuditEvent Event(long sequence, DateTimeOffset at, string previous)
    {
        var type = Types[sequence % Types.Length];
        int? patch = type.StartsWith("patch.", StringComparison.Ordinal) ? (int)(sequence / Types.Length) + 1 : null;
        object data = patch is null
            ? new { repository = "cacert-devel", production = Hex($"p{sequence}", 40), uncovered = 0 }
            : new { patch, title = $"Raise the minimum RSA key size to 2048 bits (step {sequence})", verdict = "approve",
                note = "Read the whole diff; the \"min_rsa_bits\" default & its tests agree with the policy." };
        var e = new AuditEvent
        {
            Sequence = sequence,
            At = CanonicalEvent.Stamp(at),
            Actor = Actors[sequence % Actors.Length],
            Type = type,
            PatchId = patch,
            Commit = patch is null ? null : Hex($"c{sequence}", 40),
            WorkflowHash = patch is null ? null : WorkflowHash,
            Data = JsonSerializer.Serialize(data, AuditLog.DataJson),
            PreviousHash = previous,
            Hash = "",
        };
        e.Hash = AuditChain.ComputeHash(e);
        return e;
    }

    private static string Hex(string seed, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];
}
