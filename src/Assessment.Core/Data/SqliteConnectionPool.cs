using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Assessment.Core.Data;

// The server's SQLite connections, kept open between requests together with their prepared
// statements. Microsoft.Data.Sqlite pools the native connection but finalizes every statement
// when EF Core closes the connection after a query, so each request parsed and planned the same
// SQL again: about a fifth of the CPU of a patch read. Here EF Core is handed a connection that is
// already open (it then leaves it open) and gives it back when its context ends; the commands it
// creates reuse the connection's statement for the same SQL (ReusedSqliteCommand).
//
// A connection is used by one context at a time, as a context is by one request. Idle ones are
// closed after IdleTimeout, all of them when the server stops (the pool is a singleton of its
// container) and when a storage failure or an operator's test asks (ClearAllPools).
internal sealed class SqliteConnectionPool : IDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);
    public const int MaxIdle = 16;

    // At most this many kept connections are lent at once. A request holds its connection from
    // its first query to its end, so under more concurrent requests than this the others get the
    // library's connections, lent per query and preparing every statement as before: the
    // memory of the kept ones (page cache, schema, statements) stays bounded whatever the load.
    public const int MaxLent = 20;

    // Each connection's own page cache. A request holds its connection from its first query to
    // its end, so at 16 concurrent requests about 18 are open (Microsoft.Data.Sqlite's pool, lent
    // per query, needed a few): at SQLite's default of 2 MB each they added about 30 MB to the
    // server's peak memory under the read benchmark. The file's pages stay in the operating
    // system's cache; a miss here costs a read from it, which did not show in the CPU per request.
    public const int CacheKibibytes = 512;

    // Bumped by ClearAllPools: a connection of an earlier generation is closed when given back.
    private static long generation;
    private static readonly List<WeakReference<SqliteConnectionPool>> Live = [];

    private readonly Lock gate = new();
    private readonly Stack<PooledSqliteConnection> idle = new();
    private readonly Timer pruner;
    private bool disposed;
    private int lent;

    public SqliteConnectionPool()
    {
        pruner = new Timer(_ => Prune(DateTime.UtcNow - IdleTimeout), null, IdleTimeout, IdleTimeout);
        lock (Live)
        {
            Live.RemoveAll(w => !w.TryGetTarget(out _));
            Live.Add(new WeakReference<SqliteConnectionPool>(this));
        }
    }

    // Open connections waiting in this pool (tests).
    public int IdleCount
    {
        get { lock (gate) return idle.Count; }
    }

    // Connections of this pool lent out now (tests).
    public int LentCount
    {
        get { lock (gate) return lent; }
    }

    // The underlying library's pool is off: a connection here is opened once and kept.
    public static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    // The same file through the library's own pool, for the requests beyond MaxLent.
    public static string OverflowConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path }.ToString();

    // A kept connection, or null when MaxLent are out; every one taken must be given back.
    public PooledSqliteConnection? TryTake(string connectionString)
    {
        lock (gate)
        {
            if (lent >= MaxLent) return null;
            lent++;
        }
        try
        {
            return Take(connectionString);
        }
        catch
        {
            lock (gate) lent--;
            throw;
        }
    }

    private PooledSqliteConnection Take(string connectionString)
    {
        while (true)
        {
            PooledSqliteConnection? connection = null;
            lock (gate)
            {
                if (!disposed && idle.Count > 0) connection = idle.Pop();
            }
            if (connection is null) break;
            if (connection.ConnectionString == connectionString && Usable(connection)) return connection;
            CloseQuietly(connection);
        }
        var opened = new PooledSqliteConnection(connectionString, this, Interlocked.Read(ref generation));
        try
        {
            opened.Open();
            SqlitePragmas.SetUp(opened);
            using var cache = opened.CreateCommand();
            cache.CommandText = $"PRAGMA cache_size=-{CacheKibibytes}";
            cache.ExecuteNonQuery();
        }
        catch
        {
            opened.Dispose();
            throw;
        }
        return opened;
    }

    public void Give(PooledSqliteConnection connection)
    {
        lock (gate) lent--;
        if (!Usable(connection) || !connection.IsIdle)
        {
            CloseQuietly(connection);
            return;
        }
        connection.IdleSince = DateTime.UtcNow;
        lock (gate)
        {
            if (!disposed && idle.Count < MaxIdle)
            {
                idle.Push(connection);
                return;
            }
        }
        CloseQuietly(connection);
    }

    // Closes every idle connection of every pool in this process, and the library's own pools:
    // after a storage failure (a connection SQLite opened read-only while the file was not
    // writable would refuse every later write) and in tests that must have the file closed.
    public static void ClearAllPools()
    {
        Interlocked.Increment(ref generation);
        List<SqliteConnectionPool> pools = [];
        lock (Live)
        {
            foreach (var reference in Live)
                if (reference.TryGetTarget(out var pool)) pools.Add(pool);
        }
        foreach (var pool in pools) pool.Prune(DateTime.MaxValue);
        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        pruner.Dispose();
        lock (gate) disposed = true;
        Prune(DateTime.MaxValue);
    }

    private void Prune(DateTime idleBefore)
    {
        List<PooledSqliteConnection> closing = [];
        lock (gate)
        {
            var kept = idle.Where(c => c.IdleSince >= idleBefore).Reverse().ToList();
            closing.AddRange(idle.Where(c => c.IdleSince < idleBefore));
            idle.Clear();
            foreach (var connection in kept) idle.Push(connection);
        }
        foreach (var connection in closing) CloseQuietly(connection);
    }

    // Open, of the current generation, and not one SQLite fell back to opening read-only (the
    // file was not writable then; it may be now, and a write must see it).
    private static bool Usable(PooledSqliteConnection connection) =>
        connection.State == ConnectionState.Open
        && connection.Generation == Interlocked.Read(ref generation)
        && raw.sqlite3_db_readonly(connection.Handle, "main") == 0;

    private static void CloseQuietly(PooledSqliteConnection connection)
    {
        try
        {
            connection.Dispose();
        }
        catch (SqliteException)
        {
            // Closing checkpoints the WAL; on a full or read-only disk that fails, and the
            // connection is gone all the same.
        }
    }
}

// Hands EF Core the pool's open connections for the server's database and takes them back when
// a context is disposed; when MaxLent are out, a connection of the library's pool. Other
// connections (EF Core's read-only look whether the file exists) are EF Core's own as usual.
internal sealed class SqlitePooling(SqliteConnectionPool pool, string connectionString, string overflowConnectionString) : DbConnectionInterceptor
{
    public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        eventData.ConnectionString != connectionString ? result
            : InterceptionResult<DbConnection>.SuppressWithResult(
                (DbConnection?)pool.TryTake(connectionString) ?? new SqliteConnection(overflowConnectionString));

    public override InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (connection is not PooledSqliteConnection pooled || !ReferenceEquals(pooled.Pool, pool)) return result;
        pool.Give(pooled);
        return InterceptionResult.Suppress();
    }

    public override ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(ConnectionDisposing(connection, eventData, result));
}

// An open connection of the pool with the commands it has prepared, one per SQL text.
internal sealed class PooledSqliteConnection(string connectionString, SqliteConnectionPool pool, long generation)
    : SqliteConnection(connectionString)
{
    // Enough for every statement the server runs; a query built anew each time (a search with
    // its own terms) beyond it is prepared and finalized as before.
    public const int MaxStatements = 256;

    private readonly Dictionary<string, SqliteCommand> statements = new(StringComparer.Ordinal);
    private bool closedForGood;

    public SqliteConnectionPool Pool { get; } = pool;
    public long Generation { get; } = generation;
    public DateTime IdleSince { get; set; }

    // No transaction left open (a context that ended mid-way): such a connection is closed, which
    // rolls the transaction back, rather than lent to the next request.
    public bool IsIdle => raw.sqlite3_get_autocommit(Handle) != 0;

    public SqliteTransaction? CurrentTransaction => Transaction;

    protected override DbCommand CreateDbCommand() => new ReusedSqliteCommand(this);

    public SqliteCommand Rent(string sql)
    {
        if (statements.Remove(sql, out var command)) return command;
        command = CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void Return(SqliteCommand command)
    {
        if (closedForGood || statements.Count >= MaxStatements || !statements.TryAdd(command.CommandText, command))
            command.Dispose();
    }

    // EF Core closes a connection it was handed open when its context ends: the connection stays
    // open for the pool (which closes it when it decides to). One closed inside a transaction is
    // closed for good, which rolls the transaction back.
    public override void Close()
    {
        if (!closedForGood && State == ConnectionState.Open && IsIdle) return;
        closedForGood = true;
        statements.Clear(); // Close() finalizes every command of the connection
        base.Close();
    }

    protected override void Dispose(bool disposing)
    {
        closedForGood = true; // and SqliteConnection.Dispose closes
        base.Dispose(disposing);
    }
}
