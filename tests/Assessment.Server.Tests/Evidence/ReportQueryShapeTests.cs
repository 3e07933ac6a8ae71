using System.Data.Common;
using System.Net;
using Assessment.Core.Data;
using Assessment.TestSupport;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Evidence;

// The period report names the period's patches to the database by the period, not one
// parameter per patch: EF Core builds a command with thousands of parameters for a list of ids
// in a time that grows with its square (a month of 9,000 deployments took minutes). The most
// parameters any of the report's commands carries must not grow with the deployments.
public sealed class ReportQueryShapeTests
{
    private const int Deployments = 400;

    [Fact]
    public async Task The_report_of_hundreds_of_deployments_sends_no_command_with_a_parameter_per_patch()
    {
        var commands = new ParameterCounter();
        using var s = await Scenario.StartAsync(services: commands.AddTo);
        var deployed = await s.RegularInStateAsync("deployed");
        s.App.ExecuteSql($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Deployments})
            INSERT INTO "Patches" ("Kind", "State", "Title", "Description", "RepositoryId", "Author", "CommitAuthor", "CommitIdentities", "DeclaredBy",
                "Base", "Head", "Revision", "Bug", "Follows", "Reason", "Arbitration", "ReviewDeadline", "CreatedAt", "UpdatedAt", "OutcomeAt", "Version")
            SELECT "Kind", "State", 'Copy', "Description", "RepositoryId", "Author", "CommitAuthor", "CommitIdentities", "DeclaredBy",
                "Base", "Head", "Revision", "Bug", "Follows", "Reason", "Arbitration", "ReviewDeadline", "CreatedAt", "UpdatedAt", "OutcomeAt", "Version"
            FROM "Patches", n WHERE "Id" = {deployed}
            """);
        var copies = s.App.ExecuteSql($"""
            INSERT INTO "Deployments" ("PatchId", "Environment", "EnvironmentKind", "Commit", "By", "Witness", "Revision", "Emergency", "At", "Rollback")
            SELECT p."Id", d."Environment", d."EnvironmentKind", d."Commit", d."By", d."Witness", d."Revision", d."Emergency", d."At", d."Rollback"
            FROM "Patches" p, "Deployments" d WHERE p."Title" = 'Copy' AND d."PatchId" = {deployed} AND d."EnvironmentKind" = 'production'
            """);
        Assert.Equal(Deployments, copies);

        commands.Reset();
        var report = await ApiAssert.StatusAsync(await s["audrey"].GetAsync("/api/audit/report?format=json"), HttpStatusCode.OK);
        Assert.Equal(Deployments + 1, report.GetProperty("deployments").GetArrayLength());
        Assert.True(commands.Most < 50, $"a command of the report carried {commands.Most} parameters");
    }

    private sealed class ParameterCounter : DbCommandInterceptor
    {
        private int most;

        public int Most => Volatile.Read(ref most);

        public void Reset() => Volatile.Write(ref most, 0);

        public void AddTo(IServiceCollection services)
        {
            services.ConfigureDbContext<SqliteAssessmentDb>(b => b.AddInterceptors(this));
            services.ConfigureDbContext<PostgresAssessmentDb>(b => b.AddInterceptors(this));
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            int seen;
            while ((seen = Most) < command.Parameters.Count && Interlocked.CompareExchange(ref most, command.Parameters.Count, seen) != seen)
            {
            }
            return ValueTask.FromResult(result);
        }
    }
}
