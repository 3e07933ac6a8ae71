using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Assessment.Core.Data;

// A command of a pooled connection. It runs on the connection's kept SqliteCommand for the same
// SQL, whose statements SQLite has already prepared, and gives that one back when disposed; the
// caller (EF Core) creates, fills, runs and disposes it as it would any command.
internal sealed class ReusedSqliteCommand(PooledSqliteConnection owner) : DbCommand
{
    // The parameters as the caller adds them; bound to the kept command when it runs.
    private readonly SqliteCommand parameters = new();
    private DbConnection? connection = owner;
    private SqliteCommand? running;
    private SqliteDataReader? reader;
    private string text = "";

    [AllowNull]
    public override string CommandText
    {
        get => text;
        set
        {
            Release();
            text = value ?? "";
        }
    }

    public override int CommandTimeout { get; set; } = owner.DefaultTimeout;
    public override CommandType CommandType { get => CommandType.Text; set { if (value != CommandType.Text) throw new ArgumentException("only CommandType.Text is supported", nameof(value)); } }
    public override bool DesignTimeVisible { get; set; }
    public override UpdateRowSource UpdatedRowSource { get; set; }
    protected override DbConnection? DbConnection { get => connection; set { Release(); connection = value; } }
    protected override DbParameterCollection DbParameterCollection => parameters.Parameters;
    // As SqliteConnection.CreateCommand does: in the connection's transaction, if one is open.
    protected override DbTransaction? DbTransaction { get; set; } = owner.CurrentTransaction;

    public override void Cancel()
    {
    }

    public override void Prepare() => Bound().Prepare();

    public override int ExecuteNonQuery()
    {
        var rows = Run(c => c.ExecuteNonQuery());
        Release();
        return rows;
    }

    public override object? ExecuteScalar()
    {
        var value = Run(c => c.ExecuteScalar());
        Release();
        return value;
    }

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        reader = Run(c => c.ExecuteReader(behavior));

    // A run that failed (a constraint, a busy or full disk) drops the kept command rather than
    // keep a statement in whatever state the failure left it.
    private T Run<T>(Func<SqliteCommand, T> execute)
    {
        var command = Bound();
        try
        {
            return execute(command);
        }
        catch
        {
            running = null;
            command.Dispose();
            throw;
        }
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
            parameters.Dispose();
        }
        base.Dispose(disposing);
    }

    // The kept command for this SQL on this connection (a new one the first time), with this
    // command's parameters, transaction and timeout. On a connection not of the pool (one
    // lent for a write group is), a plain command.
    private SqliteCommand Bound()
    {
        if (running is null)
        {
            running = connection is PooledSqliteConnection pooled
                ? pooled.Rent(text)
                : new SqliteCommand(text, (SqliteConnection?)connection);
        }
        running.Transaction = (SqliteTransaction?)DbTransaction;
        running.CommandTimeout = CommandTimeout;
        running.Parameters.Clear();
        foreach (SqliteParameter parameter in parameters.Parameters) running.Parameters.Add(parameter);
        return running;
    }

    // Gives the kept command back once its reader is closed. One whose reader is still open
    // (never the case for EF Core, which disposes the reader first) is disposed instead.
    private void Release()
    {
        if (running is null) return;
        var command = running;
        running = null;
        command.Parameters.Clear();
        command.Transaction = null;
        if (reader is { IsClosed: false }) command.Dispose();
        else if (command.Connection is PooledSqliteConnection pooled) pooled.Return(command);
        else command.Dispose();
        reader = null;
    }
}
