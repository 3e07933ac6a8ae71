using System.Text;
using Assessment.Core.Markdown;
using Assessment.Core.Patches;
using static Assessment.Server.Pages.Layout;

namespace Assessment.Server.Pages;

// One patch as its reader needs it: what exactly (commits), who did what about which commit,
// what is still missing, and the forms for what this user may do now.
internal static class PatchPage
{
    public static string Body(HttpContext http, PatchView p, DeploymentEnvironments environments, string? banner)
    {
        var b = new StringBuilder();
        var kind = p.Kind == PatchKinds.Emergency ? "<span class=\"badge emergency\">emergency</span>" : $"<span class=\"badge\">{E(p.Kind)}</span>";
        b.Append($"<h1>#{p.Id} {E(p.Title)}</h1>");
        b.Append(banner);
        b.Append($"<p>{kind} <span class=\"badge state\">{E(p.State)}</span>");
        if (p.Overdue) b.Append(" <span class=\"badge overdue\">overdue</span>");
        b.Append("</p>");
        b.Append(Facts(p));
        b.Append("<h2>Description</h2><div class=\"description\">").Append(MarkdownRenderer.ToHtml(p.Description)).Append("</div>");
        b.Append(Counts(p));
        b.Append(Commits(p));
        b.Append(PatchRecords.Reviews(p));
        b.Append(PatchRecords.Deployments(p));
        b.Append(PatchRecords.Tests(p));
        b.Append(PatchRecords.Blessing(p));
        b.Append(PatchRecords.Revisions(p));
        b.Append(PatchForms.For(http, p, environments));
        return b.ToString();
    }

    private static string Facts(PatchView p)
    {
        var rows = new List<(string, string)>
        {
            ("Repository", E(p.Repository)),
            ("Author", E(p.Author ?? "(unknown: " + p.CommitAuthor + ")")),
            ("Range", $"{Short(p.Base)}..{Short(p.Head)}"),
            ("Head", $"<code class=\"head\">{E(p.Head)}</code>"),
            ("Revision", p.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (p.Bug is not null) rows.Add(("Bug", E(p.Bug)));
        if (p.DeclaredBy is not null) rows.Add(("Declared by", E(p.DeclaredBy)));
        if (p.CommitAuthor is not null) rows.Add(("Commit author", E(p.CommitAuthor)));
        if (p.Arbitration is not null) rows.Add(("Arbitration", E(p.Arbitration)));
        if (p.Follows is { } f) rows.Add(("Follows", $"<a href=\"/patches/{f}\">emergency #{f}</a>"));
        if (p.ReviewDeadline is { } d)
        {
            rows.Add(("Review deadline", Time(d) + (p.Overdue ? " <span class=\"badge overdue\">overdue</span>" : "")));
        }
        rows.Add(("Created", Time(p.CreatedAt)));
        rows.Add(("Updated", Time(p.UpdatedAt)));
        return "<dl class=\"facts\">" + string.Concat(rows.Select(r => $"<dt>{r.Item1}</dt><dd>{r.Item2}</dd>")) + "</dl>";
    }

    private static string Counts(PatchView p)
    {
        if (p.Counts.Count == 0) return "";
        var rows = p.Counts.Select(c =>
            $"<tr><td>{E(c.Name)}</td><td class=\"count{(c.Reached ? " reached" : "")}\">{c.Have} of {c.Need}</td>" +
            $"<td>{E(string.Join(", ", c.People))}</td></tr>");
        return "<h2>Counts (current head only)</h2><table class=\"counts\"><thead><tr><th>Count</th><th>Have</th><th>Who</th></tr></thead><tbody>"
            + string.Concat(rows) + "</tbody></table>";
    }

    private static string Commits(PatchView p)
    {
        if (p.Commits is null) return "<h2>Commits</h2><p>The repository cannot be read here.</p>";
        var stats = p.Stats is { } s ? $"<p class=\"stats\">{s.Files} file(s) changed, +{s.Added} -{s.Removed}</p>" : "";
        var rows = p.Commits.Select(c =>
            $"<tr><td>{Short(c.Sha)}</td><td>{E(c.Title)}</td><td>{E(c.Author)} &lt;{E(c.Email)}&gt;</td><td>{Time(c.At)}</td></tr>");
        return "<h2>Commits</h2>" + stats +
            "<table class=\"commits\"><thead><tr><th>Commit</th><th>Title</th><th>Author</th><th>Date</th></tr></thead><tbody>"
            + string.Concat(rows) + "</tbody></table>";
    }
}
