using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Assessment.Cli.Tests;

// What an attacker holding the data directory does: edits one event in the SQLite file and
// recomputes the hash of it and of every event after it, so that the chain verifies again.
// Written from docs/evidence-format.md ("Events", format 2), not from the server's code.
internal static class LogRewrite
{
    // Sets the actor of event `sequence`; returns every event's new hash, by sequence.
    public static Dictionary<long, string> SetActor(string databasePath, long sequence, string actor)
    {
        SqliteConnection.ClearAllPools();
        var hashes = new Dictionary<long, string>();
        using (var connection = new SqliteConnection($"Data Source={databasePath}"))
        {
            connection.Open();
            using var tx = connection.BeginTransaction();
            Execute(connection, tx, Assessment.Core.Data.AppendOnly.DropSql);
            var rows = new List<object?[]>();
            using (var read = connection.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = """SELECT "Sequence", "Format", "At", "Actor", "Type", "PatchId", "Commit", "WorkflowHash", "Data", "Hash" FROM "AuditEvents" ORDER BY "Sequence" """;
                using var r = read.ExecuteReader();
                while (r.Read())
                {
                    var row = new object?[r.FieldCount];
                    for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                    rows.Add(row);
                }
            }
            var previous = new string('0', 64);
            foreach (var row in rows)
            {
                var seq = (long)row[0]!;
                if (seq < sequence)
                {
                    previous = (string)row[9]!;
                    hashes[seq] = previous;
                    continue;
                }
                Assert.Equal(2L, (long)row[1]!); // every event of a new server is format 2
                if (seq == sequence) row[3] = actor;
                var at = new DateTime((long)row[2]!, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                var canonical = "{" + string.Join(",",
                    $"\"actor\":{Str((string)row[3]!)}", $"\"at\":{Str(at)}", $"\"commit\":{Str((string?)row[6])}", $"\"data\":{Str((string)row[8]!)}",
                    $"\"patch\":{(row[5] is long p ? p.ToString(CultureInfo.InvariantCulture) : "null")}", $"\"previousHash\":{Str(previous)}",
                    $"\"sequence\":{seq.ToString(CultureInfo.InvariantCulture)}", $"\"type\":{Str((string)row[4]!)}", "\"v\":2",
                    $"\"workflowHash\":{Str((string?)row[7])}") + "}";
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
                using var update = connection.CreateCommand();
                update.Transaction = tx;
                update.CommandText = """UPDATE "AuditEvents" SET "Actor" = $actor, "PreviousHash" = $previous, "Hash" = $hash WHERE "Sequence" = $seq""";
                update.Parameters.AddWithValue("$actor", (string)row[3]!);
                update.Parameters.AddWithValue("$previous", previous);
                update.Parameters.AddWithValue("$hash", hash);
                update.Parameters.AddWithValue("$seq", seq);
                Assert.Equal(1, update.ExecuteNonQuery());
                previous = hash;
                hashes[seq] = hash;
            }
            tx.Commit();
        }
        SqliteConnection.ClearAllPools();
        return hashes;
    }

    // RFC 8785 strings: only the quote, the backslash and the control characters are escaped.
    private static string Str(string? s)
    {
        if (s is null) return "null";
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
