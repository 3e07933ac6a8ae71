#if ASSESSMENT_SERVER_TESTS
using Npgsql;

namespace Assessment.TestSupport;

// Where the in-process server keeps its data in a test. SQLite (a file in the data directory)
// unless ASSESSMENT_TEST_PROVIDER=PostgreSQL, which runs the same tests on a real PostgreSQL
// server: ASSESSMENT_TEST_POSTGRES holds the connection string of a user that may create
// databases (scripts/test-postgres prints one), and each test gets a database of its own.
internal static class TestDatabase
{
    public const string ServerVariable = "ASSESSMENT_TEST_POSTGRES";
    public const string ProviderVariable = "ASSESSMENT_TEST_PROVIDER";

    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    public static bool UsePostgreSQL
    {
        get
        {
            var provider = Environment.GetEnvironmentVariable(ProviderVariable);
            if (string.IsNullOrEmpty(provider) || string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase)) return false;
            if (!string.Equals(provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{ProviderVariable}='{provider}' is not Sqlite or PostgreSQL");
            }
            return PostgresServer is not null
                ? true
                : throw new InvalidOperationException($"{ProviderVariable}=PostgreSQL needs {ServerVariable} (see scripts/test-postgres)");
        }
    }

    // A new, empty database on the PostgreSQL server; returns its connection string.
    public static string CreatePostgresDatabase()
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{ServerVariable} is not set");
        var name = "assessment_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static void DropPostgresDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(PostgresServer);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}
#endif
