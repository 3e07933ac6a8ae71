using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Data;

public sealed class DurabilityTests : IDisposable
{
    private readonly AssessmentApp app = new();

    public DurabilityTests() => app.CreateClient().Dispose(); // starts the server: migrations, bootstrap

    public void Dispose() => app.Dispose();

    [SkippableFact]
    public async Task Every_connection_runs_in_WAL_with_synchronous_FULL()
    {
        Skip.If(app.IsPostgreSQL, "SQLite's settings; this run keeps the data in PostgreSQL");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode"));
        Assert.Equal("2", await ScalarAsync(db, "PRAGMA synchronous")); // 2 = FULL
        Assert.Equal("1", await ScalarAsync(db, "PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_an_action_leaves_nothing_behind()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var eventsBefore = await db.AuditEvents.CountAsync();
        var usersBefore = await db.Users.CountAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync<int>(db, async ct =>
        {
            db.Users.Add(new User { Name = "half", RoleList = "tester" });
            await db.SaveChangesAsync(ct); // written inside the transaction...
            await audit.AppendAsync(db, new AuditEntry("admin", "user.created", new { name = "half" }), ct);
            throw new InvalidOperationException("crash before commit"); // ...and rolled back
        }, CancellationToken.None));

        await using var fresh = app.Services.CreateAsyncScope();
        var check = fresh.ServiceProvider.GetRequiredService<AssessmentDb>();
        Assert.Equal(eventsBefore, await check.AuditEvents.CountAsync());
        Assert.Equal(usersBefore, await check.Users.CountAsync());
        Assert.False(await check.Users.AnyAsync(u => u.Name == "half"));
    }

    private static async Task<string?> ScalarAsync(AssessmentDb db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
