using System.Text;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.People;

// GET /api/patches?q=: title and description by substring, any case; bug and commit shas by
// their start (a short sha). A term of three characters or more is first narrowed through a
// trigram index (SQLite: the FTS5 table PatchSearch with the trigram tokenizer, kept in step by
// triggers; PostgreSQL: pg_trgm GIN indexes), and the rule itself is then applied to those
// candidates only: the index narrows what is read, never what is found. A shorter term has no
// trigram to look up and is matched by a scan, as before the index.
internal static class PatchSearch
{
    public const int TrigramLength = 3;

    public static IQueryable<Patch> Matching(AssessmentDb db, IQueryable<Patch> query, string q)
    {
        var text = q.Trim().ToLowerInvariant();
        if (text.EnumerateRunes().Count() >= TrigramLength)
        {
            var candidates = Candidates(db, text);
            query = query.Where(p => candidates.Contains(p.Id));
        }
        return query.TagWith("patch search").Where(p => p.Title.ToLower().Contains(text) || p.Description.ToLower().Contains(text)
            || (p.Bug != null && p.Bug.ToLower().StartsWith(text))
            || p.Head.StartsWith(text) || p.Base.StartsWith(text)
            || p.Revisions.Any(r => r.Head.StartsWith(text)));
    }

    // The ids of patches that may match: every patch that matches is among them.
    private static IQueryable<int> Candidates(AssessmentDb db, string text) => db is PostgresAssessmentDb
        ? PostgresCandidates(db, text)
        : db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "PatchSearch" WHERE "PatchSearch" MATCH {Phrase(text)}""");

    // Each part is one pg_trgm GIN index (a bitmap index scan); UNION joins them, which an OR
    // with the revisions' EXISTS could not.
    private static IQueryable<int> PostgresCandidates(AssessmentDb db, string text)
    {
        var escaped = Like(text);
        var anywhere = $"%{escaped}%";
        var start = $"{escaped}%";
        return db.Database.SqlQuery<int>($"""
            SELECT "Id" AS "Value" FROM "Patches" WHERE lower("Title") LIKE {anywhere}
            UNION SELECT "Id" FROM "Patches" WHERE lower("Description") LIKE {anywhere}
            UNION SELECT "Id" FROM "Patches" WHERE lower("Bug") LIKE {start}
            UNION SELECT "Id" FROM "Patches" WHERE "Head" LIKE {start}
            UNION SELECT "Id" FROM "Patches" WHERE "Base" LIKE {start}
            UNION SELECT "PatchId" FROM "Revisions" WHERE "Head" LIKE {start}
            """);
    }

    // An FTS5 phrase: the term as one string of characters, quotes doubled (trigram: a substring).
    private static string Phrase(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    // LIKE's wildcards and its escape character (PostgreSQL's default escape is the backslash) taken literally.
    private static string Like(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
