using System.Data.Common;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Patches;

// Counts every row any reader of the server hands out, whether EF reads it through its own
// wrapper or buffers it (split queries do): the reader itself is wrapped.
internal sealed class RowCounter : DbCommandInterceptor, IRowCount
{
    private long rows;

    public long Rows => Interlocked.Read(ref rows);

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

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(eventData.CommandSource == CommandSource.SaveChanges ? result : new CountingReader(result, this));
}
