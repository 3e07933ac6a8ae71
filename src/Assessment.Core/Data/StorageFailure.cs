using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assessment.Core.Data;

// A write the database could not make durable (disk full, read-only file or file system, I/O
// error) is the operator's problem, not the caller's: 503, and nothing was recorded.
internal static class StorageFailure
{
    // SQLite primary result codes: READONLY 8, IOERR 10, FULL 13, CANTOPEN 14.
    private static readonly int[] SqliteCodes = [8, 10, 13, 14];

    public static Exception Translate(Exception error, bool write = true)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && SqliteCodes.Contains(sqlite.SqliteErrorCode & 0xff)
                || e is PostgresException { SqlState: "53100" or "25006" or "58030" })
            {
                // The connection that met the failure may be one SQLite opened read-only (it
                // falls back to that when the file is not writable): pooled, it would refuse
                // every later write even once the storage is writable again.
                if (e is SqliteException) SqliteConnectionPool.ClearAllPools();
                var cause = e.Message.TrimEnd('.');
                return Refusal.Unavailable(write
                    ? $"the database could not make this write durable ({cause}); nothing was recorded; try again once the operator has freed space or made the storage writable"
                    : $"the database cannot be read ({cause}); try again once the operator has made the storage available");
            }
        }
        return error;
    }
}
