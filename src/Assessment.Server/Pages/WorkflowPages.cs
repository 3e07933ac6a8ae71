using Assessment.Core.Markdown;
using Assessment.Core.Workflow;

namespace Assessment.Server.Pages;

internal static class WorkflowPages
{
    // The procedure as people read it: the very document the engine enforces.
    public static void MapWorkflowPages(this WebApplication app)
    {
        app.MapGet("/workflows", (HttpContext http, WorkflowCatalog workflows) =>
        {
            var items = string.Join("\n", workflows.All.Select(w => $"- [{MarkdownRenderer.Escape(w.Title)}](/workflows/{w.Name})"))
                + $"\n- [Roles](/workflows/{RolesName})";
            return Layout.Page(http, "Workflows", Document(MarkdownRenderer.ToHtml("# Workflows in force\n\n" + items)));
        }).WithSummary("The workflow documents in force");

        app.MapGet("/workflows/{name}", (string name, HttpContext http, WorkflowCatalog workflows) =>
        {
            if (name == RolesName)
            {
                var roles = workflows.Roles;
                var note = $"\n\n---\n\n*{RoleCatalog.FileName}, content hash `{roles.ContentHash}`, in force since the service started.*\n";
                return Layout.Page(http, "Roles", Document(MarkdownRenderer.ToHtml(roles.Markdown + note)));
            }
            var wf = workflows.Find(name);
            if (wf is null) return Results.Problem(statusCode: 404, detail: $"no workflow document '{name}'");
            var footer = $"\n\n---\n\n*{Path.GetFileName(wf.FilePath)}, content hash `{wf.ContentHash}`, in force since the service started.*\n";
            return Layout.Page(http, wf.Title, Document(MarkdownRenderer.ToHtml(wf.Markdown + footer)));
        }).WithSummary("One workflow document rendered as HTML");

        app.MapGet("/workflows/{name}.md", (string name, WorkflowCatalog workflows) =>
            name == RolesName ? Results.Text(workflows.Roles.Markdown, "text/markdown; charset=utf-8")
            : workflows.Find(name) is { } wf
                ? Results.Text(wf.Markdown, "text/markdown; charset=utf-8")
                : Results.Problem(statusCode: 404, detail: $"no workflow document '{name}'"))
            .WithSummary("One workflow document as its Markdown source");
    }

    private static readonly string RolesName = Path.GetFileNameWithoutExtension(RoleCatalog.FileName);

    private static string Document(string html) => $"<article class=\"document\">{html}</article>";
}
