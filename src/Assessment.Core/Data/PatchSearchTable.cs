namespace Assessment.Core.Data;

// SQLite's index for GET /api/patches?q= (People/PatchSearch): an FTS5 table with the trigram
// tokenizer, one row per patch (rowid = the patch's id), that any substring of three characters
// or more is looked up in, whatever the case. It holds the title, description, bug and every
// commit sha the patch has had (its head and base and each revision's head), and triggers keep it
// in step in the transaction that writes the patch, so no write path has to remember it. It may
// hold more than matches (a sha the patch no longer has): the search applies its rule to what
// the index finds, so the index only needs every match among its rows.
internal static class PatchSearchTable
{
    private const string Shas = """
        new."Head" || ' ' || new."Base" || coalesce((SELECT ' ' || group_concat(r."Head", ' ') FROM "Revisions" r WHERE r."PatchId" = new."Id"), '')
        """;

    public const string CreateSql = $"""
        CREATE VIRTUAL TABLE "PatchSearch" USING fts5("Title", "Description", "Bug", "Shas", tokenize = 'trigram case_sensitive 0');
        INSERT INTO "PatchSearch"(rowid, "Title", "Description", "Bug", "Shas")
            SELECT p."Id", p."Title", p."Description", coalesce(p."Bug", ''),
                p."Head" || ' ' || p."Base" || coalesce((SELECT ' ' || group_concat(r."Head", ' ') FROM "Revisions" r WHERE r."PatchId" = p."Id"), '')
            FROM "Patches" p;
        CREATE TRIGGER "PatchSearch_PatchInserted" AFTER INSERT ON "Patches" BEGIN
            INSERT INTO "PatchSearch"(rowid, "Title", "Description", "Bug", "Shas")
                VALUES (new."Id", new."Title", new."Description", coalesce(new."Bug", ''), {Shas});
        END;
        CREATE TRIGGER "PatchSearch_PatchUpdated" AFTER UPDATE OF "Title", "Description", "Bug", "Head", "Base" ON "Patches" BEGIN
            UPDATE "PatchSearch" SET "Title" = new."Title", "Description" = new."Description", "Bug" = coalesce(new."Bug", ''), "Shas" = {Shas}
                WHERE rowid = new."Id";
        END;
        CREATE TRIGGER "PatchSearch_PatchDeleted" AFTER DELETE ON "Patches" BEGIN
            DELETE FROM "PatchSearch" WHERE rowid = old."Id";
        END;
        CREATE TRIGGER "PatchSearch_RevisionInserted" AFTER INSERT ON "Revisions" BEGIN
            UPDATE "PatchSearch" SET "Shas" = "Shas" || ' ' || new."Head" WHERE rowid = new."PatchId";
        END;
        """;

    public const string DropSql = """
        DROP TRIGGER "PatchSearch_RevisionInserted";
        DROP TRIGGER "PatchSearch_PatchDeleted";
        DROP TRIGGER "PatchSearch_PatchUpdated";
        DROP TRIGGER "PatchSearch_PatchInserted";
        DROP TABLE "PatchSearch";
        """;
}
