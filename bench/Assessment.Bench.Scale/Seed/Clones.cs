using System.Globalization;
using System.Text.Json;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Microsoft.Data.Sqlite;

namespace Assessment.Bench.Scale.Seed;

// Copies the template patches 1 to 3, row for row as the engine wrote them, to patches
// 4..N, spread over the year before the templates: new ids, a title with one of 40 words (what
// the search benchmark looks for), times shifted, and each copy's events appended to the
// chain (sequence, previous hash, AuditChain.ComputeHash). One transaction.
internal static class Clones
{
    private static readonly string[] RecordTables = ["Revisions", "Reviews", "Tests", "Deployments", "Blessings", "Comments"];

    public static readonly string[] Words =
    [
        "account", "bounds", "cache", "certificate", "cipher", "cookie", "csr", "domain", "email", "encoding",
        "escape", "export", "gpg", "header", "import", "key", "locale", "login", "mail", "notary",
        "ocsp", "openssl", "password", "points", "policy", "query", "redirect", "revocation", "rsa", "session",
        "signer", "smtp", "sql", "template", "timeout", "token", "upload", "utf8", "verify", "xss",
    ];

    private sealed record Rows(string[] Columns, List<object?[]> Values);

    public static async Task<long> WriteAsync(string path, int patches, CancellationToken ct)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync(ct);
        Execute(c, null, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
        var templates = new[] { 1, 2, 3 };
        var patchRows = templates.ToDictionary(t => t, t => Read(c, $"""SELECT * FROM "Patches" WHERE "Id" = {t}"""));
        var records = RecordTables.ToDictionary(table => table, table => templates.ToDictionary(t => t,
            t => Read(c, $"""SELECT * FROM "{table}" WHERE "PatchId" = {t} ORDER BY "Id" """)), StringComparer.Ordinal);
        var events = templates.ToDictionary(t => t, t => Read(c, $"""SELECT * FROM "AuditEvents" WHERE "PatchId" = {t} ORDER BY "Sequence" """));
        var head = Read(c, """SELECT "Sequence", "Hash" FROM "AuditEvents" ORDER BY "Sequence" DESC LIMIT 1""").Values[0];
        var sequence = (long)head[0]!;
        var previous = (string)head[1]!;

        var created = Column(patchRows[1], "CreatedAt");
        var templateTime = (long)patchRows[1].Values[0][created]!;
        var span = TimeSpan.FromDays(365).Ticks;
        await using var tx = c.BeginTransaction();
        using var insertPatch = Insert(c, tx, "Patches", patchRows[1].Columns, withId: true);
        var inserts = RecordTables.ToDictionary(table => table, table => Insert(c, tx, table, records[table][1].Columns, withId: false), StringComparer.Ordinal);
        using var insertEvent = Insert(c, tx, "AuditEvents", events[1].Columns, withId: true);
        for (var k = templates.Length + 1; k <= patches; k++)
        {
            var t = (k % 20) switch { 0 => 2, 1 => 3, _ => 1 };
            var when = templateTime - span + span / patches * k;
            // Whole seconds: event times are stamped (CanonicalEvent.Stamp) and must stay so.
            var offset = (when - (long)patchRows[t].Values[0][created]!) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
            var template = patchRows[t];
            var oldTitle = (string)template.Values[0][Column(template, "Title")]!;
            var title = string.Create(CultureInfo.InvariantCulture, $"{oldTitle} ({Words[k % Words.Length]} {k})");
            // The copy's events take the next sequences in the template's order, so a record that
            // names its event (a blessing's EventSequence) names the copy's event, not the template's.
            var sequences = new Dictionary<long, long>();
            var sequenceColumn = Column(events[t], "Sequence");
            foreach (var row in events[t].Values) sequences[(long)row[sequenceColumn]!] = sequence + sequences.Count + 1;
            var clone = new Clone(offset, k, sequences);
            Run(insertPatch, Shift(template.Columns, template.Values[0], clone, title, includeId: true));
            foreach (var table in RecordTables)
            {
                var rows = records[table][t];
                foreach (var row in rows.Values) Run(inserts[table], Shift(rows.Columns, row, clone, null, includeId: false));
            }
            foreach (var row in events[t].Values)
            {
                var e = Event(events[t].Columns, row);
                e.Sequence = sequences[e.Sequence];
                sequence = e.Sequence;
                e.PatchId = k;
                e.At = e.At.AddTicks(offset);
                e.Data = e.Data.Replace(Json(oldTitle), Json(title), StringComparison.Ordinal)
                    .Replace($"\"patch\":{t},", $"\"patch\":{k},", StringComparison.Ordinal)
                    .Replace($"\"patch\":{t}}}", $"\"patch\":{k}}}", StringComparison.Ordinal);
                e.PreviousHash = previous;
                e.Hash = AuditChain.ComputeHash(e);
                previous = e.Hash;
                Run(insertEvent, Values(events[t].Columns, e));
            }
            if (k % 10_000 == 0) Console.Error.WriteLine($"  {k} patches, {sequence} events");
        }
        await tx.CommitAsync(ct);
        foreach (var insert in inserts.Values) insert.Dispose();
        Execute(c, null, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;");
        return sequence;
    }

    private static string Json(string text) => JsonSerializer.Serialize(text, AuditLog.DataJson);

    private sealed record Clone(long Offset, int Patch, Dictionary<long, long> Sequences);

    private static object?[] Shift(string[] columns, object?[] row, Clone clone, string? title, bool includeId)
    {
        var values = new List<object?>();
        for (var i = 0; i < columns.Length; i++)
        {
            var name = columns[i];
            if (name == "Id" && !includeId) continue;
            values.Add(name switch
            {
                "Id" or "PatchId" => clone.Patch,
                "Title" when title is not null => title,
                _ when name.EndsWith("EventSequence", StringComparison.Ordinal) && row[i] is long old => clone.Sequences.TryGetValue(old, out var mapped)
                    ? mapped
                    : throw new InvalidOperationException($"a {name} of {old} names no event of the template"),
                _ when (name.EndsWith("At", StringComparison.Ordinal) || name == "ReviewDeadline") && row[i] is long ticks => ticks + clone.Offset,
                _ => row[i],
            });
        }
        return [.. values];
    }

    private static AuditEvent Event(string[] columns, object?[] row)
    {
        object? Get(string name) => row[Array.IndexOf(columns, name)];
        return new AuditEvent
        {
            Sequence = (long)Get("Sequence")!,
            Format = (int)(long)Get("Format")!,
            At = new DateTimeOffset((long)Get("At")!, TimeSpan.Zero),
            Actor = (string)Get("Actor")!,
            Type = (string)Get("Type")!,
            PatchId = Get("PatchId") is long p ? (int)p : null,
            Commit = Get("Commit") as string,
            WorkflowHash = Get("WorkflowHash") as string,
            Data = (string)Get("Data")!,
            PreviousHash = (string)Get("PreviousHash")!,
            Hash = (string)Get("Hash")!,
        };
    }

    private static object?[] Values(string[] columns, AuditEvent e) => [.. columns.Select(name => name switch
    {
        "Sequence" => e.Sequence,
        "Format" => e.Format,
        "At" => e.At.UtcTicks,
        "Actor" => e.Actor,
        "Type" => e.Type,
        "PatchId" => e.PatchId,
        "Commit" => e.Commit,
        "WorkflowHash" => e.WorkflowHash,
        "Data" => e.Data,
        "PreviousHash" => e.PreviousHash,
        "Hash" => (object?)e.Hash,
        _ => throw new InvalidOperationException($"AuditEvents has a column the copier does not know: {name}"),
    })];

    private static int Column(Rows rows, string name) => Array.IndexOf(rows.Columns, name);

    private static Rows Read(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var values = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[columns.Length];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            values.Add(row);
        }
        return new Rows(columns, values);
    }

    private static SqliteCommand Insert(SqliteConnection c, SqliteTransaction tx, string table, string[] columns, bool withId)
    {
        var used = columns.Where(name => withId || name != "Id").ToArray();
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"""INSERT INTO "{table}" ({string.Join(", ", used.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", used.Select((_, i) => "$p" + i))})""";
        for (var i = 0; i < used.Length; i++) command.Parameters.Add(new SqliteParameter("$p" + i, null));
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
