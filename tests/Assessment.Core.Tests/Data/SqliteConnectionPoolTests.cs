using Assessment.Core.Data;
using Assessment.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Assessment.Core.Tests.Data;

// The server's SQLite contexts borrow open connections from its pool and run the statements
// those connections have already prepared, instead of preparing each query at every request.
public sealed class SqliteConnectionPoolTests : IDisposable
{
    private const int StmtStatusRun = 6; // SQLITE_STMTSTATUS_RUN: how many times a statement ran

    private readonly string folder = TempGitRepo.NewTempFolder("pool");
    private readonly SqliteConnectionPool pool = new();
    private readonly DbContextOptions<SqliteAssessmentDb> options;

    public SqliteConnectionPoolTests()
    {
        var builder = new DbContextOptionsBuilder<SqliteAssessmentDb>();
        SqliteAssessmentDb.Configure(builder, Path.Combine(folder, "assessment.db"), pool);
        options = builder.Options;
        using var db = new SqliteAssessmentDb(options);
        db.Database.Migrate();
        db.Repositories.Add(new GitRepository { Name = "cacert", Path = "/srv/cacert", ProductionBranch = "release", CreatedAt = DateTimeOffset.UnixEpoch });
        db.Repositories.Add(new GitRepository { Name = "signer", Path = "/srv/signer", ProductionBranch = "release", CreatedAt = DateTimeOffset.UnixEpoch });
        db.SaveChanges();
    }

    [Fact]
    public async Task The_next_context_runs_the_statement_the_first_one_prepared()
    {
        // SQLitePCL finds a statement by its pointer only where asked to track them.
        var connection = Assert.Single(IdleConnections());
        connection.Handle!.enable_sqlite3_next_stmt(true);

        string? first, second;
        await using (var db = new SqliteAssessmentDb(options)) first = await NameOfAsync(db, "cacert");
        Assert.Same(connection, Assert.Single(IdleConnections()));
        var statement = StatementRunning(connection, "\"Repositories\"");
        Assert.Equal(1, raw.sqlite3_stmt_status(statement, StmtStatusRun, 0));

        await using (var db = new SqliteAssessmentDb(options)) second = await NameOfAsync(db, "signer");

        // The same connection, the same statement (now run twice), each run with its own value.
        Assert.Same(connection, Assert.Single(IdleConnections()));
        Assert.Equal(2, raw.sqlite3_stmt_status(statement, StmtStatusRun, 0));
        Assert.Equal(("cacert", "signer"), (first, second));
    }

    [Fact]
    public async Task A_statement_that_failed_is_dropped_and_the_connection_goes_on_serving()
    {
        await using (var db = new SqliteAssessmentDb(options))
        {
            // The repository name is unique: the insert fails inside SQLite.
            db.Repositories.Add(new GitRepository { Name = "cacert", Path = "/elsewhere", ProductionBranch = "release", CreatedAt = DateTimeOffset.UnixEpoch });
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.IsType<SqliteException>(error.InnerException);
        }
        await using (var db = new SqliteAssessmentDb(options))
        {
            db.Repositories.Add(new GitRepository { Name = "tools", Path = "/srv/tools", ProductionBranch = "release", CreatedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
            Assert.Equal(3, await db.Repositories.CountAsync());
        }
    }

    [Fact]
    public async Task A_connection_given_back_inside_a_transaction_is_closed_not_lent()
    {
        PooledSqliteConnection connection;
        await using (var db = new SqliteAssessmentDb(options))
        {
            await db.Database.OpenConnectionAsync();
            connection = (PooledSqliteConnection)db.Database.GetDbConnection();
            // Behind EF Core's back, as a bug in a request's code might leave it.
            using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
        Assert.Empty(IdleConnections());

        // The transaction was rolled back with the connection: the database is not locked.
        await using var next = new SqliteAssessmentDb(options);
        next.Repositories.Add(new GitRepository { Name = "tools", Path = "/srv/tools", ProductionBranch = "release", CreatedAt = DateTimeOffset.UnixEpoch });
        await next.SaveChangesAsync();
    }

    [Fact]
    public async Task Clearing_the_pools_closes_the_idle_connections_and_a_later_context_opens_a_fresh_one()
    {
        await using (var db = new SqliteAssessmentDb(options)) await NameOfAsync(db, "cacert");
        var old = Assert.Single(IdleConnections());

        SqliteConnectionPool.ClearAllPools();

        Assert.Equal(System.Data.ConnectionState.Closed, old.State);
        Assert.Equal(0, pool.IdleCount);
        await using (var db = new SqliteAssessmentDb(options)) Assert.Equal("signer", await NameOfAsync(db, "signer"));
        Assert.NotSame(old, Assert.Single(IdleConnections()));
    }

    [Fact]
    public async Task Contexts_at_the_same_time_get_connections_of_their_own()
    {
        await using var one = new SqliteAssessmentDb(options);
        await using var two = new SqliteAssessmentDb(options);
        await one.Database.OpenConnectionAsync();
        await two.Database.OpenConnectionAsync();
        Assert.NotSame(one.Database.GetDbConnection(), two.Database.GetDbConnection());
        Assert.Equal(2, await one.Repositories.CountAsync());
        Assert.Equal(2, await two.Repositories.CountAsync());
    }

    [Fact]
    public async Task Disposing_the_pool_closes_its_connections_and_those_given_back_later()
    {
        var busy = new SqliteAssessmentDb(options);
        await busy.Database.OpenConnectionAsync();
        var lent = busy.Database.GetDbConnection();
        await using (var db = new SqliteAssessmentDb(options)) await NameOfAsync(db, "cacert");
        var idle = Assert.Single(IdleConnections());

        pool.Dispose();

        Assert.Equal(System.Data.ConnectionState.Closed, idle.State);
        Assert.Equal(2, await busy.Repositories.CountAsync()); // still serving its context
        await busy.DisposeAsync();
        Assert.Equal(System.Data.ConnectionState.Closed, lent.State);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public void A_kept_connection_has_a_page_cache_of_its_own_size_and_the_durable_pragmas()
    {
        var connection = pool.TryTake(SqliteConnectionPool.ConnectionString(Path.Combine(folder, "assessment.db")))!;
        try
        {
            Assert.Equal(-SqliteConnectionPool.CacheKibibytes, Pragma(connection, "cache_size"));
            Assert.Equal(2L, Pragma(connection, "synchronous")); // FULL
            Assert.Equal(1L, Pragma(connection, "foreign_keys"));
        }
        finally
        {
            pool.Give(connection);
        }
    }

    private static long Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Beyond_the_connections_it_lends_contexts_get_the_librarys_and_still_work()
    {
        var holding = new List<SqliteAssessmentDb>();
        try
        {
            for (var i = 0; i < SqliteConnectionPool.MaxLent; i++)
            {
                var db = new SqliteAssessmentDb(options);
                holding.Add(db);
                await db.Database.OpenConnectionAsync();
                Assert.IsType<PooledSqliteConnection>(db.Database.GetDbConnection());
            }
            Assert.Equal(SqliteConnectionPool.MaxLent, pool.LentCount);

            await using (var extra = new SqliteAssessmentDb(options))
            {
                Assert.IsNotType<PooledSqliteConnection>(extra.Database.GetDbConnection());
                Assert.Equal("signer", await NameOfAsync(extra, "signer"));
                extra.Repositories.Add(new GitRepository { Name = "tools", Path = "/srv/tools", ProductionBranch = "release", CreatedAt = DateTimeOffset.UnixEpoch });
                await extra.SaveChangesAsync();
            }

            await holding[0].DisposeAsync();
            holding.RemoveAt(0);
            await using var next = new SqliteAssessmentDb(options);
            Assert.IsType<PooledSqliteConnection>(next.Database.GetDbConnection());
            Assert.Equal(3, await next.Repositories.CountAsync());
        }
        finally
        {
            foreach (var db in holding) await db.DisposeAsync();
        }
        Assert.Equal(0, pool.LentCount);
    }

    public void Dispose()
    {
        pool.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }

    private static Task<string?> NameOfAsync(AssessmentDb db, string name) =>
        db.Repositories.Where(r => r.Name == name).Select(r => r.Name).SingleOrDefaultAsync();

    // The pool's idle connections, taken out and put back in the same order.
    private List<PooledSqliteConnection> IdleConnections()
    {
        List<PooledSqliteConnection> taken = [];
        while (pool.IdleCount > 0) taken.Add(pool.TryTake(SqliteConnectionPool.ConnectionString(Path.Combine(folder, "assessment.db")))!);
        foreach (var connection in Enumerable.Reverse(taken)) pool.Give(connection);
        return taken;
    }

    // The prepared statement on the connection whose SQL mentions the given text.
    private static sqlite3_stmt StatementRunning(PooledSqliteConnection connection, string text)
    {
        for (var statement = raw.sqlite3_next_stmt(connection.Handle, null); statement is not null && !statement.IsInvalid; statement = raw.sqlite3_next_stmt(connection.Handle, statement))
        {
            if (raw.sqlite3_sql(statement).utf8_to_string().Contains(text, StringComparison.Ordinal)) return statement;
        }
        throw new InvalidOperationException($"no prepared statement mentions {text}");
    }
}
