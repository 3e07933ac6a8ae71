using Assessment.TestSupport;

namespace Assessment.Server.Tests.Data;

// Tests that need a PostgreSQL server whatever the suite's provider (several servers on one
// database). Without ASSESSMENT_TEST_POSTGRES they are skipped, saying so; with
// ASSESSMENT_REQUIRE_POSTGRES=1 (CI) that is a failure.
internal static class Postgres
{
    public static void Require()
    {
        if (TestDatabase.PostgresServer is not null) return;
        var required = string.Equals(Environment.GetEnvironmentVariable("ASSESSMENT_REQUIRE_POSTGRES"), "1", StringComparison.Ordinal);
        Assert.False(required, $"ASSESSMENT_REQUIRE_POSTGRES=1 but PostgreSQL was not configured: set {TestDatabase.ServerVariable}");
        Skip.If(true, $"PostgreSQL was not configured: set {TestDatabase.ServerVariable} to a server's connection string (scripts/test-postgres start DIR prints one)");
    }
}
