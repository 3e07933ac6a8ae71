using Assessment.Core.Audit;
using Assessment.Core.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// What the auditor sees: the hash chain checked, a checkpoint kept and later extended, and a
// row edited behind the server's back found and named.
public sealed class AuditTests
{
    [Fact]
    public async Task Audit_verify_finds_an_event_edited_in_the_database()
    {
        using var server = new CliServer();
        var audrey = await server.TokenAsync("audrey", "auditor");
        await server.TokenAsync("bob", "assessor");
        await server.TokenAsync("dave", "tester");

        var ok = (await server.AssessAsync(audrey, "audit", "verify")).Exits(0);
        var events = EventCount(ok);
        Assert.True(events >= 3, $"expected at least 3 events to tamper with event 3; {ok}");

        var checkpointFile = server.NewFile("checkpoint.json");
        var saved = (await server.AssessAsync(audrey, "audit", "checkpoint", "--out", checkpointFile)).Exits(0);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(checkpointFile));
        var checkpoint = document.RootElement;
        Assert.Equal(events, checkpoint.GetProperty("sequence").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", checkpoint.Str("hash"));
        Assert.StartsWith($"Saved checkpoint at sequence {events} (hash {checkpoint.Str("hash")}) to {checkpointFile}.", saved.Stdout, StringComparison.Ordinal);

        // The log grows; it still extends the checkpoint.
        await server.TokenAsync("erin", "tester");
        var since = (await server.AssessAsync(audrey, "audit", "verify", "--since", checkpointFile)).Exits(0);
        Assert.Equal($"ok: {events + 1} events", since.Stdout.Trim());

        // A checkpoint of some other log (same position, other hash) is not extended.
        var forged = server.NewFile("forged-checkpoint.json");
        await File.WriteAllTextAsync(forged, $$"""{"sequence":{{events}},"hash":"{{new string('a', 64)}}"}""");
        var notExtended = (await server.AssessAsync(audrey, "audit", "verify", "--since", forged)).Exits(1);
        Assert.StartsWith("not ok: first bad event ", notExtended.Stdout, StringComparison.Ordinal);

        Tamper(server.App.DatabasePath, AppendOnly.DropSql + "UPDATE AuditEvents SET Actor = 'mallory' WHERE Sequence = 3");
        var bad = (await server.AssessAsync(audrey, "audit", "verify")).Exits(1);
        Assert.Equal("not ok: first bad event 3: event 3 was altered: its content does not match its hash", bad.Stdout.Trim());
        var badJson = Parse((await server.AssessAsync(audrey, "--json", "audit", "verify")).Exits(1));
        Assert.Equal((false, 3), (badJson.Bool("ok"), badJson.Int("firstBadEvent")));
        var badSince = (await server.AssessAsync(audrey, "audit", "verify", "--since", checkpointFile)).Exits(1);
        Assert.StartsWith("not ok: first bad event 3:", badSince.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_verification_recomputes_the_chain_and_checks_the_checkpoint_signature()
    {
        using var server = new CliServer();
        var audrey = await server.TokenAsync("audrey", "auditor");
        await server.TokenAsync("bob", "assessor");
        var checkpointFile = server.NewFile("checkpoint.json");
        (await server.AssessAsync(audrey, "audit", "checkpoint", "--out", checkpointFile)).Exits(0);
        await server.TokenAsync("dave", "tester");

        var ok = (await server.AssessAsync(audrey, "audit", "verify", "--offline", "--since", checkpointFile)).Exits(0);
        Assert.Matches(@"^ok: \d+ events, recomputed here; head [0-9a-f]{64}; extends checkpoint \d+$", ok.Stdout.Trim());

        // A checkpoint edited by hand (another hash) no longer carries the server's signature.
        var text = await File.ReadAllTextAsync(checkpointFile);
        using (var doc = JsonDocument.Parse(text))
        {
            var edited = text.Replace(doc.RootElement.Str("hash")!, new string('a', 64), StringComparison.Ordinal);
            var forged = server.NewFile("forged.json");
            await File.WriteAllTextAsync(forged, edited);
            var refused = (await server.AssessAsync(audrey, "audit", "verify", "--offline", "--since", forged)).Exits(1);
            Assert.Contains("signature does not verify", refused.Stdout, StringComparison.Ordinal);
        }

        // An insider rewrites event 2 and recomputes every later hash: the chain alone verifies,
        // the kept checkpoint does not.
        RewriteFrom(server.App.DatabasePath, 2);
        (await server.AssessAsync(audrey, "audit", "verify", "--offline")).Exits(0);
        var rewritten = (await server.AssessAsync(audrey, "audit", "verify", "--offline", "--since", checkpointFile)).Exits(1);
        Assert.Contains("no longer extends checkpoint", rewritten.Stdout, StringComparison.Ordinal);
    }

    // The report printed its checkpoint's time to the minute, so its checkpoint could not be checked.
    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("json")]
    public async Task A_saved_report_in_any_format_serves_as_the_checkpoint_for_verify_since(string format)
    {
        using var server = new CliServer();
        var audrey = await server.TokenAsync("audrey", "auditor");
        await server.TokenAsync("bob", "assessor");
        var report = server.NewFile("report." + format);
        (await server.AssessAsync(audrey, "audit", "report", "--from", "2000-01-01", "--to", "2100-01-01",
            "--format", format, "--out", report)).Exits(0);
        await server.TokenAsync("dave", "tester");

        var online = (await server.AssessAsync(audrey, "audit", "verify", "--since", report)).Exits(0);
        var offline = (await server.AssessAsync(audrey, "audit", "verify", "--offline", "--since", report)).Exits(0);

        Assert.StartsWith("ok: ", online.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"; extends checkpoint \d+$", offline.Stdout.Trim());
    }

    private static void RewriteFrom(string databasePath, long sequence)
    {
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={databasePath}"))
        {
            connection.Open();
            using (var drop = connection.CreateCommand())
            {
                drop.CommandText = AppendOnly.DropSql + $"UPDATE AuditEvents SET Actor = 'mallory' WHERE Sequence = {sequence};";
                drop.ExecuteNonQuery();
            }
            var rows = new List<Assessment.Core.Data.AuditEvent>();
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT Sequence, At, Actor, Type, PatchId, \"Commit\", WorkflowHash, Data, PreviousHash, Hash FROM AuditEvents ORDER BY Sequence";
                using var r = read.ExecuteReader();
                while (r.Read())
                {
                    rows.Add(new Assessment.Core.Data.AuditEvent
                    {
                        Sequence = r.GetInt64(0), At = new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero), Actor = r.GetString(2), Type = r.GetString(3),
                        PatchId = r.IsDBNull(4) ? null : r.GetInt32(4), Commit = r.IsDBNull(5) ? null : r.GetString(5),
                        WorkflowHash = r.IsDBNull(6) ? null : r.GetString(6), Data = r.GetString(7), PreviousHash = r.GetString(8), Hash = r.GetString(9),
                    });
                }
            }
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Sequence < sequence) continue;
                rows[i].PreviousHash = rows[i - 1].Hash;
                rows[i].Hash = AuditChain.ComputeHash(rows[i]);
                using var write = connection.CreateCommand();
                write.CommandText = "UPDATE AuditEvents SET PreviousHash = $p, Hash = $h WHERE Sequence = $s";
                write.Parameters.AddWithValue("$p", rows[i].PreviousHash);
                write.Parameters.AddWithValue("$h", rows[i].Hash);
                write.Parameters.AddWithValue("$s", rows[i].Sequence);
                write.ExecuteNonQuery();
            }
        }
        SqliteConnection.ClearAllPools();
    }

    private static long EventCount(CliResult result)
    {
        var match = System.Text.RegularExpressions.Regex.Match(result.Stdout, @"^ok: (\d+) events\s*$");
        Assert.True(match.Success, $"expected \"ok: N events\"; {result}");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Tamper(string databasePath, string sql)
    {
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={databasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        SqliteConnection.ClearAllPools();
    }
}
