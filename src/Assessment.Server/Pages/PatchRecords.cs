using Assessment.Core.Patches;
using static Assessment.Server.Pages.Layout;

namespace Assessment.Server.Pages;

// The records on a patch as tables; a record about an earlier revision is marked stale.
internal static class PatchRecords
{
    private const string StaleBadge = " <span class=\"badge stale\">stale</span>";

    public static string Reviews(PatchView p) => Table("Reviews", "reviews", p.Reviews.Count == 0 ? null :
        "<tr><th>By</th><th>Verdict</th><th>Commit</th><th>Revision</th><th>At</th><th>Comment</th></tr>",
        p.Reviews.Select(r =>
            $"<tr class=\"{(r.Stale ? "stale" : "")}\"><td>{E(r.By)}</td><td>{E(r.Verdict)}{(r.Stale ? StaleBadge : "")}</td>" +
            $"<td>{Short(r.Commit)}</td><td>{r.Revision}</td><td>{Time(r.At)}</td><td>{Comment(r.Comment)}</td></tr>"));

    public static string Tests(PatchView p) => Table("Tests", "tests", p.Tests.Count == 0 ? null :
        "<tr><th>By</th><th>Result</th><th>Commit</th><th>Revision</th><th>At</th><th>Comment</th></tr>",
        p.Tests.Select(t =>
            $"<tr class=\"{(t.Stale ? "stale" : "")}\"><td>{E(t.By)}</td><td>{E(t.Result)}{(t.Stale ? StaleBadge : "")}</td>" +
            $"<td>{Short(t.Commit)}</td><td>{t.Revision}</td><td>{Time(t.At)}</td><td>{Comment(t.Comment)}</td></tr>"));

    public static string Deployments(PatchView p) => Table("Deployments", "deployments", p.Deployments.Count == 0 ? null :
        "<tr><th>Environment</th><th>Kind</th><th>Commit</th><th>By</th><th>Witness</th><th>At</th></tr>",
        p.Deployments.Select(d =>
            $"<tr class=\"{(d.Stale ? "stale" : "")}\"><td>{E(d.Environment)}{(d.Emergency ? " <span class=\"badge emergency\">emergency</span>" : "")}" +
            $"{(d.Stale ? StaleBadge : "")}</td><td>{E(d.Kind)}</td><td>{Short(d.Commit)}</td><td>{E(d.By)}</td>" +
            $"<td>{E(d.Witness)}</td><td>{Time(d.At)}</td></tr>"));

    public static string Blessing(PatchView p) => p.Blessing is not { } b
        ? "<h2>Blessing</h2><p>Not blessed.</p>"
        : $"""
          <h2>Blessing</h2>
          <p class="blessing">Blessed by <strong>{E(b.By)}</strong> at {Time(b.At)} for commit {Short(b.Commit)}.
          <a href="/api/patches/{p.Id}/handover">Signed hand-over</a> (API).</p>
          {(b.Comment.Length == 0 ? "" : $"<blockquote>{Comment(b.Comment)}</blockquote>")}
          """;

    public static string Revisions(PatchView p) => p.Revisions.Count < 2 ? "" : Table("Revisions", "revisions",
        "<tr><th>Revision</th><th>Range</th><th>By</th><th>At</th></tr>",
        p.Revisions.Select(r => $"<tr><td>{r.Number}</td><td>{Short(r.Base)}..{Short(r.Head)}</td><td>{E(r.By)}</td><td>{Time(r.At)}</td></tr>"));

    // Comments are plain text: encoded, line breaks kept.
    private static string Comment(string text) => E(text).ReplaceLineEndings("<br>");

    private static string Table(string title, string css, string? head, IEnumerable<string> rows) => head is null
        ? $"<h2>{title}</h2><p class=\"none\">None yet.</p>"
        : $"<h2>{title}</h2><table class=\"{css}\"><thead>{head}</thead><tbody>{string.Concat(rows)}</tbody></table>";
}
