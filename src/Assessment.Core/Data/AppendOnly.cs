namespace Assessment.Core.Data;

// The audit log is append-only in the database too, not only by the application's habit:
// someone who wants to edit it must first drop these triggers, which the hash chain then
// still exposes. They are created by the migration AppendOnlyAuditLog.
internal static class AppendOnly
{
    public const string UpdateTrigger = "AuditEvents_no_update";
    public const string DeleteTrigger = "AuditEvents_no_delete";

    public const string CreateSql = $"""
        CREATE TRIGGER {UpdateTrigger} BEFORE UPDATE ON AuditEvents
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: events are never updated'); END;
        CREATE TRIGGER {DeleteTrigger} BEFORE DELETE ON AuditEvents
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: events are never deleted'); END;
        """;

    public const string DropSql = $"DROP TRIGGER IF EXISTS {UpdateTrigger}; DROP TRIGGER IF EXISTS {DeleteTrigger};";
}
