using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Assessment.Core.Data;

internal static class DatabaseMigration
{
    // Not the write lock's key: a migration holds this one for the whole session, not a transaction.
    private const long MigrationLockKey = 0x4173_7365_7373_6d67; // "Assessmg"

    public static async Task MigrateAsync(AssessmentDb db, CancellationToken ct)
    {
        if (db is not PostgresAssessmentDb || !await db.Database.CanConnectAsync(ct))
        {
            await db.Database.MigrateAsync(ct);
            return;
        }
        // Two servers starting at once on one database raced on the same ALTER TABLE, and the
        // loser stopped. One connection holds a session-level advisory lock for the whole
        // migration; the other server waits, then finds nothing left to apply.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            try
            {
                // EF reads the migrations history before it would create that table, and logs the
                // failed read as an error on every first start of an operator-created database;
                // creating the table first (the provider's own script) keeps the log honest.
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
