using System.Data.Common;
using Assessment.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Patches;

// Counts every row any reader of the server hands out, whether EF reads it through its own
// wrapper or buffers it (split queries do): the reader itself is wrapped. On SQLite it also
// counts the steps of SQLite's virtual machine of every statement that gave a reader, which grow
// with the index entries and rows the database walks inside a query even when few come out.
internal sealed class RowCounter : DbCommandInterceptor, IRowCount, IDbConnectionInterceptor
{
    private long rows;
    private long steps;

    public long Rows => Interlocked.Read(ref rows);

    // 0 on PostgreSQL, which has no such counter per statement.
    public long DatabaseSteps => Interlocked.Read(ref steps);

    public void Add() => Interlocked.Increment(ref rows);

    // Registers the counter on the server's contexts, whichever provider the tests run on.
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureDbContext<SqliteAssessmentDb>(b => b.AddInterceptors(this));
        services.ConfigureDbContext<PostgresAssessmentDb>(b => b.AddInterceptors(this));
    }

    // Queries only: what SaveChanges reads back (generated keys) is the provider's own business
    // (Npgsql needs its own reader type there), and an action writes a fixed number of rows.
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        eventData.CommandSource == CommandSource.SaveChanges ? result : new CountingReader(result, this);

    // SQLitePCL lists a connection's statements only when asked to, right after it opens.
    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => ListStatements(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ListStatements(connection);
        return Task.CompletedTask;
    }

    private static void ListStatements(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } db }) db.enable_sqlite3_next_stmt(true);
    }

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        CountSteps(command);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        CountSteps(command);
        return ValueTask.FromResult(result);
    }

    // Every statement the connection holds, each step counted once (the counters are reset).
    private void CountSteps(DbCommand command)
    {
        if (command.Connection is not SqliteConnection { Handle: { } db }) return;
        for (var stmt = raw.sqlite3_next_stmt(db, null); stmt is not null; stmt = raw.sqlite3_next_stmt(db, stmt))
        {
            Interlocked.Add(ref steps, raw.sqlite3_stmt_status(stmt, raw.SQLITE_STMTSTATUS_VM_STEP, 1));
        }
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(eventData.CommandSource == CommandSource.SaveChanges ? result : new CountingReader(result, this));
}
