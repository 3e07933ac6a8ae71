using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Assessment.Core.Data;

internal static class DatabaseMigration
{
    // On PostgreSQL the operator usually creates the (empty) database. EF reads the migrations
    // history before it would create that table, and logs the failed read as an error on every
    // first start; creating the table first (the provider's own script) keeps the log honest.
    public static async Task MigrateAsync(AssessmentDb db, CancellationToken ct)
    {
        if (db is PostgresAssessmentDb && await db.Database.CanConnectAsync(ct))
        {
            // Under the write lock: two servers starting at once would race on CREATE TABLE.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.LockForWritingAsync(ct);
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
            await tx.CommitAsync(ct);
        }
        await db.Database.MigrateAsync(ct);
    }
}
