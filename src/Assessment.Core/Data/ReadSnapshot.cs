using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Data;

// Several reads that must see one state of the database (the report and the checkpoint it
// names), without holding up the writers.
internal static class ReadSnapshot
{
    public static async Task<T> RunAsync<T>(AssessmentDb db, Func<Task<T>> read, CancellationToken ct)
    {
        if (db is not SqliteAssessmentDb)
        {
            // PostgreSQL: REPEATABLE READ is one snapshot for the whole transaction, taken by its first read.
            await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var value = await read();
            await snapshot.CommitAsync(ct);
            return value;
        }
        // SQLite: a deferred transaction reads one snapshot without taking the write lock.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var tx = connection.BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(tx, ct);
            var result = await read();
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            await db.Database.UseTransactionAsync(null, ct);
            await db.Database.CloseConnectionAsync();
        }
    }
}
