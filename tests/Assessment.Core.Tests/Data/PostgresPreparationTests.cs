using Assessment.Core.Data;
using Npgsql;

namespace Assessment.Core.Tests.Data;

// The server's PostgreSQL connections prepare repeated statements, unless the operator's
// connection string says otherwise (a pooler that cannot keep prepared statements needs 0).
public sealed class PostgresPreparationTests
{
    [Fact]
    public void A_connection_string_without_the_setting_gets_automatic_preparation()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresAssessmentDb.WithPreparedStatements("Host=db;Username=assessment;Password=secret"));
        Assert.Equal(PostgresAssessmentDb.AutoPrepared, built.MaxAutoPrepare);
        Assert.Equal(("db", "assessment", "secret"), (built.Host, built.Username, built.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0")]
    [InlineData("Host=db;max auto prepare=0")]
    [InlineData("Host=db;MaxAutoPrepare=0")]
    public void The_operators_own_setting_is_kept_as_written(string given)
    {
        Assert.Equal(given, PostgresAssessmentDb.WithPreparedStatements(given));
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(PostgresAssessmentDb.WithPreparedStatements(given)).MaxAutoPrepare);
    }
}
