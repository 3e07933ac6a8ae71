using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Assessment.Core.Data;

// An acknowledged action must survive a power cut: WAL with synchronous=FULL on every connection.
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    // The pooled SQLite connections already set up. The pragmas belong to the native connection
    // and stay with it in the pool; EF Core opens a pooled one for nearly every query, and
    // setting them again (and parsing the connection string to know how) cost about as much
    // as the query.
    private static readonly ConditionalWeakTable<sqlite3, object> Done = [];

    // EF opens a read-only connection to ask whether the file exists; switching a file that is
    // not yet in WAL mode (a restored backup, a copy) needs a writable one.
    private static string For(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly
            ? Pragmas
            : "PRAGMA journal_mode=WAL; " + Pragmas;

    // A connection opened outside EF Core's interceptors (the server's pool).
    public static void SetUp(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = For(connection);
        command.ExecuteNonQuery();
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsSetUp(connection)) return;
        if (FellBackToReadOnly(connection))
        {
            connection.Close();
            connection.Open();
        }
        using var command = connection.CreateCommand();
        command.CommandText = For(connection);
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsSetUp(connection)) return;
        if (FellBackToReadOnly(connection))
        {
            await connection.CloseAsync();
            await connection.OpenAsync(cancellationToken);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = For(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private static bool IsSetUp(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Done.TryGetValue(handle, out _);

    // Only a writable one: a read-only one must be looked at again on its next open (below).
    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && raw.sqlite3_db_readonly(handle, "main") == 0)
            Done.AddOrUpdate(handle, Done);
    }

    // SQLite opens a file it cannot write read-only instead of failing. Such a connection, opened
    // and pooled while the storage was read-only (by any reader), would be handed to a write once
    // the storage is writable again and refuse it. It is dropped from the pool and opened once
    // more (outside the interceptors); if the storage is still read-only the write then fails
    // as it should, with 503.
    private static bool FellBackToReadOnly(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite
            || new SqliteConnectionStringBuilder(sqlite.ConnectionString).Mode == SqliteOpenMode.ReadOnly
            || raw.sqlite3_db_readonly(sqlite.Handle, "main") != 1)
            return false;
        SqliteConnection.ClearPool(sqlite);
        return true;
    }
}
