using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assessment.Core.Data;

// A write the database could not make durable (disk full, read-only file or file system, I/O
// error) is the operator's problem, not the caller's: 503, and nothing was recorded.
internal static class StorageFailure
{
    // SQLite primary result codes: READONLY 8, IOERR 10, FULL 13, CANTOPEN 14.
    private static readonly int[] SqliteCodes = [8, 10, 13, 14];

    public static Exception Translate(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && SqliteCodes.Contains(sqlite.SqliteErrorCode & 0xff)
                || e is PostgresException { SqlState: "53100" or "25006" or "58030" })
            {
                return Problem.Unavailable(
                    $"the database could not make this write durable ({e.Message.TrimEnd('.')}); nothing was recorded; try again once the operator has freed space or made the storage writable");
            }
        }
        return error;
    }
}
