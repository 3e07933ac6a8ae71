using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Core.Data;
using Assessment.TestSupport;
using Microsoft.Data.Sqlite;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// assess admin backup and restore on the real SQLite file: a backup taken while the server
// writes is one consistent instant whose audit chain verifies, and a server started on the
// restored copy verifies its log and goes on serving.
public sealed class BackupTests
{
    [Fact]
    public async Task A_backup_taken_while_writes_run_restores_to_a_server_that_verifies_and_serves()
    {
        using var server = new CliServer();
        using var git = TempGitRepo.Create();
        using var bob = await PatchUnderReviewAsync(server, git);
        var before = await EventCountAsync(server.App);

        using var stop = new CancellationTokenSource();
        var acknowledged = 0;
        var writes = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await bob.PostAsJsonAsync("/api/patches/1/reviews", new { verdict = "approve", comment = "again" }, CancellationToken.None);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                Interlocked.Increment(ref acknowledged);
            }
        }, CancellationToken.None);
        while (Volatile.Read(ref acknowledged) < 5) await Task.Delay(10);

        var backupFile = server.NewFile("assessment-backup.db");
        var backup = Parse((await server.AssessAsync(null, "--json", "admin", "backup", "--out", backupFile, "--data-dir", server.App.DataDirectory)).Exits(0));
        var duringBackup = Volatile.Read(ref acknowledged);
        while (Volatile.Read(ref acknowledged) < duringBackup + 5) await Task.Delay(10);
        await stop.CancelAsync();
        await writes;

        // The copy is one instant between the writes acknowledged before and after it.
        var copied = backup.GetProperty("events").GetInt64();
        var after = await EventCountAsync(server.App);
        Assert.InRange(copied, before + 5, after - 5);
        Assert.Equal(copied, CountRows(backupFile, "AuditEvents"));

        var restoredData = TempGitRepo.NewTempFolder("restored");
        var restore = (await server.AssessAsync(null, "admin", "restore", backupFile, "--data-dir", restoredData)).Exits(0);
        Assert.Contains($"audit log verified, {copied} events", restore.Stdout, StringComparison.Ordinal);

        using var restored = new AssessmentApp(dataDirectory: restoredData);
        using var admin = restored.Admin;
        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        // The signing key is not in the backup (it is kept apart from the data): the restored
        // server, given none, signs with a new one, and its first event says so.
        Assert.Equal(copied + 1, verify.GetProperty("events").GetInt64());
        var rotation = (await admin.GetFromJsonAsync<JsonElement>("/api/audit/events")).EnumerateArray().Last();
        Assert.Equal("signing-key.rotated", rotation.GetProperty("type").GetString());
        var reviews = (await admin.GetFromJsonAsync<JsonElement>("/api/patches/1")).GetProperty("reviews").GetArrayLength();
        Assert.Equal(reviews, (int)CountRows(backupFile, "Reviews"));

        // It serves: the people and the patch came with it, and a new action chains on.
        var token = bob.DefaultRequestHeaders.Authorization!.Parameter!;
        using var bobAgain = restored.As(token);
        await ApiAssert.StatusAsync(await bobAgain.PostAsJsonAsync("/api/patches/1/reviews", new { verdict = "approve", comment = "after restore" }), HttpStatusCode.Created);
        verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        Assert.True(verify.GetProperty("events").GetInt64() > copied, verify.ToString());
    }

    [Fact]
    public async Task Restore_is_refused_while_a_server_runs_on_the_data_directory_and_changes_nothing()
    {
        using var server = new CliServer();
        var backupFile = server.NewFile("backup.db");
        (await server.AssessAsync(null, "admin", "backup", "--out", backupFile, "--data-dir", server.App.DataDirectory)).Exits(0);
        await server.TokenAsync("bob", "assessor");
        var events = await EventCountAsync(server.App);

        var refused = (await server.AssessAsync(null, "admin", "restore", backupFile, "--data-dir", server.App.DataDirectory)).Exits(1);
        Assert.Contains("a server is running on", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(events, await EventCountAsync(server.App));
        Assert.Empty(Directory.GetFiles(server.App.DataDirectory, "*before-restore*"));
    }

    [Fact]
    public async Task A_backup_whose_audit_log_was_altered_is_not_restored()
    {
        using var server = new CliServer();
        await server.TokenAsync("bob", "assessor");
        var backupFile = server.NewFile("backup.db");
        (await server.AssessAsync(null, "admin", "backup", "--out", backupFile, "--data-dir", server.App.DataDirectory)).Exits(0);
        using (var connection = new SqliteConnection($"Data Source={backupFile};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = AppendOnly.DropSql + "UPDATE AuditEvents SET Actor = 'mallory' WHERE Sequence = 2";
            command.ExecuteNonQuery();
        }

        var target = TempGitRepo.NewTempFolder("restored");
        var refused = (await server.AssessAsync(null, "admin", "restore", backupFile, "--data-dir", target)).Exits(1);
        Assert.Contains("does not verify at event 2", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "assessment.db")));

        var missing = (await server.AssessAsync(null, "admin", "backup", "--out", server.NewFile("x.db"), "--data-dir", target)).Exits(1);
        Assert.Contains("pg_dump", missing.Stderr, StringComparison.Ordinal);
    }

    private static async Task<HttpClient> PatchUnderReviewAsync(CliServer server, TempGitRepo git)
    {
        git.Commit("Initial import", new Dictionary<string, string?>(StringComparer.Ordinal) { ["README"] = "one\n" });
        git.Branch("release");
        var head = git.Commit("A change", new Dictionary<string, string?>(StringComparer.Ordinal) { ["README"] = "two\n" });
        await server.App.RegisterRepositoryAsync("repo", git.Path);
        using var alice = await server.App.UserAsync("alice", "developer");
        await ApiAssert.StatusAsync(await alice.PostAsJsonAsync("/api/patches",
            new { repository = "repo", title = "Backed up", description = "", @base = "release", head }), HttpStatusCode.Created);
        return await server.App.UserAsync("bob", "assessor");
    }

    private static async Task<long> EventCountAsync(AssessmentApp app)
    {
        using var admin = app.Admin;
        return (await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("events").GetInt64();
    }

    private static long CountRows(string databasePath, string table)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)command.ExecuteScalar()!;
    }
}
