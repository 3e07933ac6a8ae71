using Assessment.Core.Audit;
using Assessment.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Backup;

// `assess admin backup` and `restore`, done on the SQLite file itself by the operator on the
// server's machine (the file's permissions are the authorisation, as for sqlite3 or pg_dump).
// The backup uses SQLite's online backup API in one step: one read transaction, so the copy is
// the database as it stood at one instant while the server goes on writing (WAL readers do not
// block the writer). Every copy is checked (SQLite's integrity check and the whole audit chain)
// before it is given its name or put in place.
internal static class SqliteBackup
{
    public static async Task<BackupSummary> BackupAsync(string databasePath, string outPath, CancellationToken ct)
    {
        if (!File.Exists(databasePath))
        {
            throw new BackupException(
                $"there is no database at {databasePath} (the data directory: --data-dir or Assessment__DataDirectory); on PostgreSQL, back up with pg_dump (README, \"Backup and restore\")");
        }
        var target = Path.GetFullPath(outPath);
        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            await using (var source = Open(databasePath, SqliteOpenMode.ReadWrite))
            await using (var copy = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                await ExecuteAsync(source, "PRAGMA busy_timeout=10000", ct);
                source.BackupDatabase(copy);
                // The live file is in WAL mode; the copy is one self-contained file.
                await ExecuteAsync(copy, "PRAGMA journal_mode=DELETE", ct);
            }
            var summary = await VerifyAsync(partial, ct);
            File.Move(partial, target, overwrite: true);
            return summary with { Path = target };
        }
        finally
        {
            File.Delete(partial);
        }
    }

    // The server must be stopped: its lock is taken for the whole restore, so it cannot start
    // meanwhile either. The database being replaced is kept beside it, never deleted.
    public static async Task<RestoreSummary> RestoreAsync(string backupPath, string dataDirectory, TimeProvider clock, CancellationToken ct)
    {
        if (!File.Exists(backupPath)) throw new BackupException($"there is no backup at {backupPath}");
        var summary = await VerifyAsync(backupPath, ct);
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        var databasePath = Path.Combine(directory, AssessmentOptions.DatabaseFileName);
        using var guard = new DatabaseFileLock();
        if (!guard.TryAcquire(databasePath))
        {
            throw new BackupException(
                $"a server is running on {databasePath} (it holds {DatabaseFileLock.PathFor(databasePath)}): stop it, then restore");
        }
        string? keptAside = null;
        if (File.Exists(databasePath))
        {
            keptAside = $"{databasePath}.before-restore-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
            // The WAL and its index go with the file they belong to, so the kept copy stays whole.
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                if (File.Exists(databasePath + suffix)) File.Move(databasePath + suffix, keptAside + suffix);
            }
        }
        var restoring = databasePath + ".restoring";
        File.Copy(backupPath, restoring, overwrite: true);
        await using (var stream = new FileStream(restoring, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Flush(flushToDisk: true);
        }
        File.Move(restoring, databasePath);
        return new RestoreSummary(summary with { Path = Path.GetFullPath(backupPath) }, databasePath, keptAside);
    }

    // SQLite's own check of the file, then the audit chain from its first event to its last.
    public static async Task<BackupSummary> VerifyAsync(string path, CancellationToken ct)
    {
        await using var connection = Open(path, SqliteOpenMode.ReadOnly);
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA quick_check";
            var result = Convert.ToString(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            if (!string.Equals(result, "ok", StringComparison.Ordinal)) throw new BackupException($"{path} is damaged: {result}");
        }
        var options = new DbContextOptionsBuilder<SqliteAssessmentDb>().UseSqlite(connection).Options;
        await using var db = new SqliteAssessmentDb(options);
        ChainVerification chain;
        int patches;
        try
        {
            chain = await StoredChain.VerifyAsync(db, ct);
            patches = await db.Patches.CountAsync(ct);
        }
        catch (SqliteException e)
        {
            throw new BackupException($"{path} is not an Assessment database of this version: {e.Message}");
        }
        if (!chain.Ok)
        {
            throw new BackupException($"the audit log in {path} does not verify at event {chain.FirstBadEvent}: {chain.Detail}");
        }
        return new BackupSummary(path, new FileInfo(path).Length, chain.Events, chain.HeadHash ?? AuditChain.GenesisHash, patches);
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
