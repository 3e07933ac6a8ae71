using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Data;

// One server process per SQLite file: the WriteGate's semaphore is the whole lock.
internal sealed class SqliteAssessmentDb(DbContextOptions<SqliteAssessmentDb> options) : AssessmentDb(options)
{
    public static void Configure(DbContextOptionsBuilder builder, string path) =>
        builder.UseSqlite($"Data Source={path}").AddInterceptors(new SqlitePragmas());

    // A context on the file at path, set up as the server sets up its own (tools, tests, benchmarks).
    public static SqliteAssessmentDb Open(string path)
    {
        var builder = new DbContextOptionsBuilder<SqliteAssessmentDb>();
        Configure(builder, path);
        return new SqliteAssessmentDb(builder.Options);
    }
}
