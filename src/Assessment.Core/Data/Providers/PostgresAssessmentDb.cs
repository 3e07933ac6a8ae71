using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Data;

// Several server processes may share one PostgreSQL database. Each write transaction first
// takes one transaction-scoped advisory lock, so writers run one after the other across
// processes as they do within one (the WriteGate): the audit chain stays a single line and
// every action is decided on the state the one before it left. The lock ends with the
// transaction, commit or rollback, so a crashed process cannot leave it held.
internal sealed class PostgresAssessmentDb(DbContextOptions<PostgresAssessmentDb> options) : AssessmentDb(options)
{
    // An arbitrary key, fixed: every process of every version must use the same one.
    internal const long WriteLockKey = 0x4173_7365_7373_6d74; // "Assessmt"

    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(WithPreparedStatements(connectionString));

    // The server runs the same few queries over and over: Npgsql prepares a statement once it has
    // run five times on a physical connection (up to this many each), so PostgreSQL parses and
    // plans it once rather than at every action. An operator's own "Max Auto Prepare" (0 behind
    // a pooler that cannot keep prepared statements) is kept as written.
    public const int AutoPrepared = 128;

    public static string WithPreparedStatements(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPrepared }.ConnectionString;
    }

    public static PostgresAssessmentDb Open(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<PostgresAssessmentDb>();
        Configure(builder, connectionString);
        return new PostgresAssessmentDb(builder.Options);
    }

    public override async Task LockForWritingAsync(CancellationToken ct) =>
        await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({WriteLockKey})", ct);
}
