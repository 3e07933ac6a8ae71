using Microsoft.EntityFrameworkCore.Design;

namespace Assessment.Core.Data;

// For `dotnet ef migrations add` (scripts/add-migration): it needs a context of each provider
// but never connects, so these addresses are placeholders.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAssessmentDb>
{
    public SqliteAssessmentDb CreateDbContext(string[] args) => SqliteAssessmentDb.Open("design-time.db");
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAssessmentDb>
{
    public PostgresAssessmentDb CreateDbContext(string[] args) =>
        PostgresAssessmentDb.Open("Host=localhost;Database=assessment_design_time");
}
