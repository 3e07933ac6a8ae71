using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Bench.Scale.Host;

// The ceiling's own table: one row per request, in the server's database for PostgreSQL and
// in a file beside the server's for SQLite, with the server's durability pragmas.
internal sealed class CeilingDb(DbContextOptions<CeilingDb> options) : DbContext(options)
{
    public DbSet<CeilingRow> Rows => Set<CeilingRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<CeilingRow>(e => e.ToTable("BenchCeilingRows"));

    public static DbContextOptions<CeilingDb> Options(bool postgres, string sqlitePath, string? connectionString)
    {
        var builder = new DbContextOptionsBuilder<CeilingDb>();
        if (postgres) builder.UseNpgsql(connectionString);
        else builder.UseSqlite($"Data Source={sqlitePath}").AddInterceptors(new SqlitePragmas());
        return builder.Options;
    }

    public static string CreateSql(bool postgres) => postgres
        ? """CREATE TABLE IF NOT EXISTS "BenchCeilingRows" ("Id" bigserial PRIMARY KEY, "Body" text NOT NULL, "At" bigint NOT NULL)"""
        : """CREATE TABLE IF NOT EXISTS "BenchCeilingRows" ("Id" INTEGER PRIMARY KEY AUTOINCREMENT, "Body" TEXT NOT NULL, "At" INTEGER NOT NULL)""";
}

internal sealed class CeilingRow
{
    public long Id { get; set; }
    public required string Body { get; set; }
    public long At { get; set; }
}
