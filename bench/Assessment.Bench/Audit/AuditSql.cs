using System.Data.Common;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Bench.Audit;

// The AuditEvents table as the EF Core model maps it, for the raw readers and the fast insert:
// names come from the model, so a renamed column breaks the bench instead of skewing it.
internal sealed record AuditSql(string Select, string Insert, IReadOnlyList<string> Columns)
{
    private static readonly string[] Properties =
        [nameof(AuditEvent.Sequence), nameof(AuditEvent.At), nameof(AuditEvent.Actor), nameof(AuditEvent.Type),
         nameof(AuditEvent.PatchId), nameof(AuditEvent.Commit), nameof(AuditEvent.WorkflowHash), nameof(AuditEvent.Data),
         nameof(AuditEvent.PreviousHash), nameof(AuditEvent.Hash), nameof(AuditEvent.Format)];

    public static AuditSql Of(AssessmentDb db)
    {
        var entity = db.Model.FindEntityType(typeof(AuditEvent)) ?? throw new InvalidOperationException("AuditEvent is not mapped");
        var columns = Properties.Select(p => (entity.FindProperty(p) ?? throw new InvalidOperationException($"AuditEvent.{p} is not mapped"))
            .GetColumnName()).ToArray();
        var table = Quote(entity.GetTableName()!);
        var list = string.Join(", ", columns.Select(Quote));
        return new AuditSql(
            $"SELECT {list} FROM {table} ORDER BY {Quote(columns[0])}",
            $"INSERT INTO {table} ({list}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})",
            columns);
    }

    // Row -> entity exactly as EF materialises it (UtcTicksConverter for At).
    public static AuditEvent Read(DbDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        At = new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero),
        Actor = r.GetString(2),
        Type = r.GetString(3),
        PatchId = r.IsDBNull(4) ? null : r.GetInt32(4),
        Commit = r.IsDBNull(5) ? null : r.GetString(5),
        WorkflowHash = r.IsDBNull(6) ? null : r.GetString(6),
        Data = r.GetString(7),
        PreviousHash = r.GetString(8),
        Hash = r.GetString(9),
        Format = r.GetInt32(10),
    };

    public static IEnumerable<AuditEvent> Stream(DbConnection connection, string select)
    {
        using var command = connection.CreateCommand();
        command.CommandText = select;
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return Read(reader);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
