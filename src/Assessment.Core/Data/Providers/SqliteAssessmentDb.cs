using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Data;

// One server process per SQLite file: the WriteGate's semaphore is the whole lock.
internal sealed class SqliteAssessmentDb(DbContextOptions<SqliteAssessmentDb> options) : AssessmentDb(options)
{
    // With a pool (the server's), contexts borrow its open connections and their prepared
    // statements; without one (tools, tests), each opens its own as EF Core does.
    public static void Configure(DbContextOptionsBuilder builder, string path, SqliteConnectionPool? pool = null)
    {
        if (pool is null) builder.UseSqlite($"Data Source={path}").AddInterceptors(new SqlitePragmas());
        else
        {
            var connectionString = SqliteConnectionPool.ConnectionString(path);
            builder.UseSqlite(connectionString).AddInterceptors(new SqlitePooling(pool, connectionString, SqliteConnectionPool.OverflowConnectionString(path)), new SqlitePragmas());
        }
    }

    // A context on the file at path, set up as the server sets up its own (tools, tests, benchmarks).
    public static SqliteAssessmentDb Open(string path)
    {
        var builder = new DbContextOptionsBuilder<SqliteAssessmentDb>();
        Configure(builder, path);
        return new SqliteAssessmentDb(builder.Options);
    }
}
