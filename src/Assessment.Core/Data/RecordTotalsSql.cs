namespace Assessment.Core.Data;

// The triggers that keep RecordTotals, and the first fill from the records already there
// (migration RecordTotals). Records are never updated or deleted, so inserts are all they watch.
internal static class RecordTotalsSql
{
    // Table, kind, outcome column, scope expression.
    private static readonly (string Table, string Kind, string Outcome, string Scope)[] Sources =
    [
        ("Reviews", RecordTotal.Review, "Verdict", "''"),
        ("Tests", RecordTotal.Test, "Result", "''"),
        ("Deployments", RecordTotal.Deployment, "Environment", "\"EnvironmentKind\""),
    ];

    private const string Columns = "\"PatchId\", \"Kind\", \"Revision\", \"By\", \"Outcome\", \"Commit\", \"Scope\", \"Count\", \"LatestId\"";
    private const string Key = "\"PatchId\", \"Kind\", \"Revision\", \"By\", \"Outcome\", \"Commit\", \"Scope\"";

    public static string Fill => string.Concat(Sources.Select(s => $"""
        INSERT INTO "RecordTotals" ({Columns})
        SELECT "PatchId", '{s.Kind}', "Revision", "By", "{s.Outcome}", "Commit", {s.Scope}, COUNT(*), MAX("Id") FROM "{s.Table}"
        GROUP BY "PatchId", "Revision", "By", "{s.Outcome}", "Commit"{(s.Scope == "''" ? "" : ", " + s.Scope)};

        """));

    public static string SqliteCreate => Fill + string.Concat(Sources.Select(s => $"""
        CREATE TRIGGER "{s.Table}_totals" AFTER INSERT ON "{s.Table}"
        BEGIN
          INSERT INTO "RecordTotals" ({Columns})
          VALUES (NEW."PatchId", '{s.Kind}', NEW."Revision", NEW."By", NEW."{s.Outcome}", NEW."Commit", {New(s.Scope)}, 1, NEW."Id")
          ON CONFLICT ({Key}) DO UPDATE SET "Count" = "Count" + 1, "LatestId" = max("LatestId", excluded."LatestId");
        END;

        """));

    public static string SqliteDrop => string.Concat(Sources.Select(s => $"DROP TRIGGER IF EXISTS \"{s.Table}_totals\";\n"));

    public static string PostgresCreate => Fill + string.Concat(Sources.Select(s => $$"""
        CREATE FUNCTION "{{s.Table}}_totals"() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
          INSERT INTO "RecordTotals" ({{Columns}})
          VALUES (NEW."PatchId", '{{s.Kind}}', NEW."Revision", NEW."By", NEW."{{s.Outcome}}", NEW."Commit", {{New(s.Scope)}}, 1, NEW."Id")
          ON CONFLICT ({{Key}}) DO UPDATE SET "Count" = "RecordTotals"."Count" + 1, "LatestId" = GREATEST("RecordTotals"."LatestId", EXCLUDED."LatestId");
          RETURN NULL;
        END $body$;
        CREATE TRIGGER "{{s.Table}}_totals" AFTER INSERT ON "{{s.Table}}" FOR EACH ROW EXECUTE FUNCTION "{{s.Table}}_totals"();

        """));

    public static string PostgresDrop => string.Concat(Sources.Select(s =>
        $"DROP TRIGGER IF EXISTS \"{s.Table}_totals\" ON \"{s.Table}\"; DROP FUNCTION IF EXISTS \"{s.Table}_totals\"();\n"));

    private static string New(string scope) => scope == "''" ? scope : "NEW." + scope;
}
