using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Evidence;

// The log is checked against edits made behind the application's back, in the database itself.
public sealed class AuditTamperTests : IAsyncLifetime
{
    private readonly AssessmentApp app = new();

    public async Task InitializeAsync()
    {
        // Ten user events after the bootstrap and workflow events: enough rows to tamper with.
        for (var i = 0; i < 10; i++)
        {
            (await app.UserAsync($"user{i}", "tester")).Dispose();
        }
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_untouched_log_verifies()
    {
        var result = await VerifyAsync();
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(15, result.GetProperty("events").GetInt64()); // admin, roles and 2 workflows, the signing key, 10 users
    }

    [Theory]
    [InlineData("""UPDATE "AuditEvents" SET "Actor" = 'mallory' WHERE "Sequence" = 6""", 6, "altered")]
    [InlineData("""UPDATE "AuditEvents" SET "Data" = replace("Data", 'tester', 'admin') WHERE "Sequence" = 9""", 9, "altered")]
    [InlineData("""UPDATE "AuditEvents" SET "At" = "At" + 1 WHERE "Sequence" = 4""", 4, "altered")]
    [InlineData("""DELETE FROM "AuditEvents" WHERE "Sequence" = 7""", 7, "missing")]
    [InlineData("""DELETE FROM "AuditEvents" WHERE "Sequence" = 15""", null, null)]
    public async Task Tampering_with_the_file_names_the_first_bad_event(string sql, int? firstBad, string? word)
    {
        Execute(sql);
        var result = await VerifyAsync();
        if (firstBad is null)
        {
            // Deleting the newest row leaves a valid shorter chain: only a kept checkpoint shows it.
            Assert.True(result.GetProperty("ok").GetBoolean());
            Assert.Equal(14, result.GetProperty("events").GetInt64());
            return;
        }
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(firstBad.Value, result.GetProperty("firstBadEvent").GetInt64());
        Assert.Contains(word!, result.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swapping_two_rows_is_caught_at_the_first_of_them()
    {
        // Exchange every column but the sequence number between events 5 and 8.
        Execute("""
            CREATE TEMP TABLE swap AS SELECT * FROM "AuditEvents" WHERE "Sequence" IN (5, 8);
            UPDATE "AuditEvents" SET ("At", "Actor", "Type", "PatchId", "Commit", "WorkflowHash", "Data", "PreviousHash", "Hash") =
              (SELECT "At", "Actor", "Type", "PatchId", "Commit", "WorkflowHash", "Data", "PreviousHash", "Hash" FROM swap
               WHERE swap."Sequence" = CASE "AuditEvents"."Sequence" WHEN 5 THEN 8 ELSE 5 END)
            WHERE "Sequence" IN (5, 8);
            """);
        var result = await VerifyAsync();
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(5, result.GetProperty("firstBadEvent").GetInt64());
    }

    [Fact]
    public async Task A_log_rewritten_with_recomputed_hashes_fails_against_an_earlier_checkpoint()
    {
        using var auditor = await app.UserAsync("audrey", "auditor");
        var checkpoint = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/checkpoint");
        var sequence = checkpoint.GetProperty("sequence").GetInt64();
        var hash = checkpoint.GetProperty("hash").GetString()!;

        RewriteFrom(3, e => e.Actor = "mallory");
        Assert.True((await VerifyAsync()).GetProperty("ok").GetBoolean()); // the chain alone looks fine

        var since = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/verify?since-sequence={sequence}&since-hash={hash}");
        Assert.False(since.GetProperty("ok").GetBoolean());
        Assert.Equal(sequence, since.GetProperty("firstBadEvent").GetInt64());
        Assert.Contains("no longer extends checkpoint", since.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_of_ten_thousand_events_verifies()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
            var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            for (var batch = 0; batch < 10; batch++)
            {
                await gate.RunAsync(db, async ct =>
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        await audit.AppendAsync(db, new AuditEntry("bench", "test.event", new { batch, i }), ct);
                    }
                    return 0;
                }, CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
        var result = await VerifyAsync();
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(10_015, result.GetProperty("events").GetInt64());
    }

    private async Task<JsonElement> VerifyAsync()
    {
        using var admin = app.Admin;
        return await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
    }

    [Fact]
    public async Task The_database_itself_refuses_to_update_or_delete_an_event()
    {
        foreach (var sql in new[] { """UPDATE "AuditEvents" SET "Actor" = 'mallory' WHERE "Sequence" = 2""", """DELETE FROM "AuditEvents" WHERE "Sequence" = 2""" })
        {
            var error = Assert.ThrowsAny<DbException>(() => Execute(sql, dropTriggers: false));
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
        Assert.True((await VerifyAsync()).GetProperty("ok").GetBoolean());
    }

    // Tampering needs the triggers out of the way first, as an insider with the file would do.
    private void Execute(string sql, bool dropTriggers = true)
    {
        Core.Data.SqliteConnectionPool.ClearAllPools();
        Assert.True(app.ExecuteSql((dropTriggers ? app.DropAppendOnlyTriggersSql : "") + sql) > 0, "the tampering statement changed no row");
        Core.Data.SqliteConnectionPool.ClearAllPools();
    }

    // What an insider with write access and the code could do: change an event and recompute
    // every later hash so that the chain verifies again.
    private void RewriteFrom(long sequence, Action<AuditEvent> edit)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        db.Database.ExecuteSqlRaw(app.DropAppendOnlyTriggersSql);
        var events = db.AuditEvents.OrderBy(e => e.Sequence).ToList();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Sequence == sequence) edit(e);
            if (e.Sequence < sequence) continue;
            e.PreviousHash = i == 0 ? AuditChain.GenesisHash : events[i - 1].Hash;
            e.Hash = AuditChain.ComputeHash(e);
        }
        db.SaveChanges();
    }
}
