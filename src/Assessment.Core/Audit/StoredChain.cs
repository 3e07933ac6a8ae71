using System.Data.Common;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Assessment.Core.Audit;

// The log as stored, verified: the server's own watch (AuditWatch), GET /api/audit/verify and
// the backup's check. Rows come from a plain data reader into reused events (no entity
// materialisation, no tracking); while this thread reads the next batch, another hashes the one
// before, so reading and hashing overlap. Runs in the context's transaction when it has one,
// so a snapshot (ReadSnapshot) sees the same log as its other reads.
internal static class StoredChain
{
    private static readonly string[] Properties =
        [nameof(AuditEvent.Sequence), nameof(AuditEvent.At), nameof(AuditEvent.Actor), nameof(AuditEvent.Type),
         nameof(AuditEvent.PatchId), nameof(AuditEvent.Commit), nameof(AuditEvent.WorkflowHash), nameof(AuditEvent.Data),
         nameof(AuditEvent.PreviousHash), nameof(AuditEvent.Hash), nameof(AuditEvent.Format)];

    public static Task<ChainVerification> VerifyAsync(AssessmentDb db, CancellationToken ct) =>
        VerifyAsync(db, 0, AuditChain.GenesisHash, ct);

    // From a position already verified (its sequence and hash): the events after it.
    public static async Task<ChainVerification> VerifyAsync(AssessmentDb db, long afterSequence, string afterHash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = Select(db);
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var after = command.CreateParameter();
            after.ParameterName = "@after";
            after.Value = afterSequence;
            command.Parameters.Add(after);
            await using var reader = await command.ExecuteReaderAsync(ct);
            using var walk = new ChainWalk(afterSequence, afterHash);
            var filling = new AuditEvent[AuditChain.BatchSize];
            var spare = new AuditEvent[AuditChain.BatchSize];
            Task? hashing = null;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var count = ReadBatch(reader, filling);
                if (hashing is not null) await hashing;
                if (walk.Failure is not null || count == 0) break;
                var batch = filling;
                hashing = Task.Run(() => walk.Check(batch, count), ct);
                (filling, spare) = (spare, filling);
                if (count < batch.Length)
                {
                    await hashing;
                    break;
                }
            }
            return walk.Result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Synchronous reads: an awaited read per row costs more than the row. A method of its own,
    // called once per batch, so that the runtime optimises its loop like any hot method.
    private static int ReadBatch(DbDataReader reader, AuditEvent[] into)
    {
        var count = 0;
        while (count < into.Length && reader.Read())
        {
            into[count] = Read(reader, into[count]);
            count++;
        }
        return count;
    }

    // Row -> event as EF Core materialises it (times are UTC ticks: UtcTicksConverter).
    private static AuditEvent Read(DbDataReader r, AuditEvent? into)
    {
        var e = into ?? new AuditEvent { Actor = "", Type = "", Data = "", PreviousHash = "", Hash = "" };
        e.Sequence = r.GetInt64(0);
        e.At = new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero);
        e.Actor = r.GetString(2);
        e.Type = r.GetString(3);
        e.PatchId = r.IsDBNull(4) ? null : r.GetInt32(4);
        e.Commit = r.IsDBNull(5) ? null : r.GetString(5);
        e.WorkflowHash = r.IsDBNull(6) ? null : r.GetString(6);
        e.Data = r.GetString(7);
        e.PreviousHash = r.GetString(8);
        e.Hash = r.GetString(9);
        e.Format = r.GetInt32(10);
        return e;
    }

    // The statement from the model's own names, so a renamed column cannot be missed.
    private static string Select(AssessmentDb db)
    {
        var entity = db.Model.FindEntityType(typeof(AuditEvent)) ?? throw new InvalidOperationException("AuditEvent is not mapped");
        var columns = Properties.Select(p => Quote(entity.FindProperty(p)!.GetColumnName())).ToArray();
        return $"SELECT {string.Join(", ", columns)} FROM {Quote(entity.GetTableName()!)} WHERE {columns[0]} > @after ORDER BY {columns[0]}";
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
