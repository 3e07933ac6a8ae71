using System.Net;
using Assessment.Core.Data;
using Assessment.Server.Tests.Data;
using Assessment.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Access;

// A token's last use is noted without writing: a request signs in while the writer holds the
// database, and the time is written later through the write gate, at most once a minute.
public sealed class TokenUseTests
{
    [Fact]
    public async Task A_token_signs_in_while_the_writer_holds_the_database_and_its_last_use_is_written_through_the_gate()
    {
        using var app = new AssessmentApp();
        using var alice = await app.UserAsync("alice", "developer");
        var gate = app.Services.GetRequiredService<WriteGate>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holder = gate.RunAsync(db, async ct =>
        {
            db.Users.Add(new User { Name = "holder", RoleList = "" });
            await db.SaveChangesAsync(ct); // the group's transaction now holds the write lock
            entered.SetResult();
            await release.Task;
            return 0;
        }, CancellationToken.None);
        await entered.Task;

        var me = await alice.GetAsync(new Uri("/api/me", UriKind.Relative)); // the token's first use
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(0, gate.Waiting); // the request wrote nothing and queued nothing
        release.SetResult();
        await holder;

        var before = gate.Written.Actions;
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // the writer's round
        for (var i = 0; i < 6000 && gate.Written.Actions == before; i++) await Task.Delay(10);
        Assert.Equal(before + 1, gate.Written.Actions);
        using var connection = app.OpenDatabaseConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"Tokens\" t JOIN \"Users\" u ON u.\"Id\" = t.\"UserId\" WHERE u.\"Name\" = 'alice' AND t.\"LastUsedAt\" IS NOT NULL";
        Assert.Equal(1L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_graceful_stop_writes_the_last_use_noted_since_the_last_round()
    {
        var data = Directory.CreateTempSubdirectory("assessment-token-use-").FullName;
        try
        {
            await using (var server = await ServerProcess.StartAsync(data))
            {
                using var admin = server.Client();
                using var created = await admin.PostAsync(new Uri("/api/users", UriKind.Relative), new StringContent(
                    "{\"name\":\"alice\",\"roles\":[\"developer\"],\"motion\":\"m1\"}", System.Text.Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var token = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
                using var alice = server.Client(token);
                Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
                await server.StopGracefullyAsync();
            }
            using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "assessment.db")};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM \"Tokens\" t JOIN \"Users\" u ON u.\"Id\" = t.\"UserId\" WHERE u.\"Name\" = 'alice' AND t.\"LastUsedAt\" IS NOT NULL";
            Assert.Equal(1L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
