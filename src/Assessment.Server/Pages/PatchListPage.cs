using System.Text;
using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Assessment.Server.Endpoints;
using Microsoft.EntityFrameworkCore;
using static Assessment.Server.Pages.Layout;

namespace Assessment.Server.Pages;

// The patch list, filtered as GET /api/patches filters (state, kind, overdue).
internal static class PatchListPage
{
    public static async Task<IResult> RenderAsync(
        HttpContext http, string? state, string? kind, bool? overdue, AssessmentDb db, PatchViews views, WorkflowCatalog catalog)
    {
        var query = db.Patches.AsNoTracking().WithRecords();
        if (!string.IsNullOrEmpty(state)) query = query.Where(p => p.State == state);
        if (!string.IsNullOrEmpty(kind)) query = query.Where(p => p.Kind == kind);
        var user = PageAuth.Current(http);
        var patches = (await query.OrderByDescending(p => p.Id).ToListAsync(http.RequestAborted))
            .Select(p => views.Summary(p, user))
            .Where(v => overdue is not { } o || v.Overdue == o)
            .ToList();

        var body = new StringBuilder();
        body.Append("<h1>Patches</h1>");
        body.Append(Filters(catalog, state, kind, overdue));
        if (patches.Count == 0)
        {
            body.Append("<p>No patch matches.</p>");
        }
        else
        {
            body.Append("<table class=\"patches\"><thead><tr><th>#</th><th>Title</th><th>Kind</th><th>State</th><th>Repository</th>" +
                "<th>Author</th><th>Counts</th><th>Deadline</th><th>Your next actions</th><th>Updated</th></tr></thead><tbody>");
            foreach (var p in patches) body.Append(Row(p));
            body.Append("</tbody></table>");
        }
        return Page(http, "Patches", body.ToString());
    }

    private static string Row(PatchView p)
    {
        var counts = string.Join(", ", p.Counts.Select(c => $"{E(c.Name)} {c.Have}/{c.Need}"));
        var deadline = p.ReviewDeadline is { } d
            ? Time(d) + (p.Overdue ? " <span class=\"badge overdue\">overdue</span>" : "")
            : "";
        var kind = p.Kind == PatchKinds.Emergency ? "<span class=\"badge emergency\">emergency</span>" : E(p.Kind);
        return $"""
            <tr class="{(p.Overdue ? "overdue" : "")}"><td><a href="/patches/{p.Id}">{p.Id}</a></td>
            <td><a href="/patches/{p.Id}">{E(p.Title)}</a></td><td>{kind}</td><td><span class="badge">{E(p.State)}</span></td>
            <td>{E(p.Repository)}</td><td>{E(p.Author ?? p.DeclaredBy)}</td><td>{counts}</td><td>{deadline}</td>
            <td>{E(string.Join(", ", p.NextActions))}</td><td>{Time(p.UpdatedAt)}</td></tr>
            """;
    }

    private static string Filters(WorkflowCatalog catalog, string? state, string? kind, bool? overdue)
    {
        var states = catalog.All.SelectMany(w => w.States.Select(s => s.Name)).Distinct(StringComparer.Ordinal);
        var kinds = catalog.All.Select(w => w.Name);
        return $"""
            <form method="get" action="/patches" class="filters">
            <label>State {Select("state", states, state)}</label>
            <label>Kind {Select("kind", kinds, kind)}</label>
            <label><input type="checkbox" name="overdue" value="true"{(overdue == true ? " checked" : "")}> Overdue only</label>
            <button type="submit">Filter</button> <a href="/patches">Clear</a>
            </form>
            """;
    }

    private static string Select(string name, IEnumerable<string> values, string? selected)
    {
        var options = values.Select(v =>
            $"<option value=\"{E(v)}\"{(string.Equals(v, selected, StringComparison.Ordinal) ? " selected" : "")}>{E(v)}</option>");
        return $"<select name=\"{name}\"><option value=\"\">any</option>{string.Concat(options)}</select>";
    }
}
