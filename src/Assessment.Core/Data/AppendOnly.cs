namespace Assessment.Core.Data;

// The audit log is append-only in the database too, not only by the application's habit:
// someone who wants to edit it must first drop these triggers, which the hash chain then
// still exposes. They are created by the migration AppendOnlyAuditLog (SQLite) and by the
// Initial migration of PostgreSQL, where TRUNCATE is refused too.
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

    public const string PostgresCreateSql = $$"""
        CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
          RAISE EXCEPTION 'the audit log is append-only: events are never %', CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
        END $body$;
        CREATE TRIGGER "{{UpdateTrigger}}" BEFORE UPDATE ON "AuditEvents" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
        CREATE TRIGGER "{{DeleteTrigger}}" BEFORE DELETE ON "AuditEvents" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
        CREATE TRIGGER "AuditEvents_no_truncate" BEFORE TRUNCATE ON "AuditEvents" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
        """;

    public const string PostgresDropSql = $"""
        DROP TRIGGER IF EXISTS "{UpdateTrigger}" ON "AuditEvents"; DROP TRIGGER IF EXISTS "{DeleteTrigger}" ON "AuditEvents";
        DROP TRIGGER IF EXISTS "AuditEvents_no_truncate" ON "AuditEvents"; DROP FUNCTION IF EXISTS audit_events_append_only();
        """;
}
