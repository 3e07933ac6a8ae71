using Assessment.Core.Markdown;
using Assessment.Core.Workflow;
using Microsoft.AspNetCore.Components;

namespace Assessment.Server.Pages;

internal static class WorkflowPages
{
    // The procedure as people read it: the very document the engine enforces.
    public static void MapWorkflowPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/workflows", (HttpContext http, WorkflowCatalog workflows) =>
        {
            var items = string.Join("\n", workflows.All.Select(w => $"- [{MarkdownRenderer.Escape(w.Title)}](/workflows/{w.Name})"))
                + $"\n- [Roles](/workflows/{RolesName})";
            return Document(http, "Workflows", "# Workflows in force\n\n" + items);
        }).WithSummary("The workflow documents in force");

        app.MapGet("/workflows/{name}", async (string name, HttpContext http, WorkflowCatalog workflows) =>
        {
            if (name == RolesName)
            {
                var roles = workflows.Roles;
                var note = $"\n\n---\n\n*{RoleCatalog.FileName}, content hash `{roles.ContentHash}`, in force since the service started.*\n";
                return await Document(http, "Roles", roles.Markdown + note);
            }
            var wf = workflows.Find(name);
            if (wf is null) return Results.Problem(statusCode: 404, detail: $"no workflow document '{name}'");
            var footer = $"\n\n---\n\n*{Path.GetFileName(wf.FilePath)}, content hash `{wf.ContentHash}`, in force since the service started.*\n";
            return await Document(http, wf.Title, wf.Markdown + footer);
        }).WithSummary("One workflow document rendered as HTML");

        app.MapGet("/workflows/{name}.md", (string name, WorkflowCatalog workflows) =>
            name == RolesName ? Results.Text(workflows.Roles.Markdown, "text/markdown; charset=utf-8")
            : workflows.Find(name) is { } wf
                ? Results.Text(wf.Markdown, "text/markdown; charset=utf-8")
                : Results.Problem(statusCode: 404, detail: $"no workflow document '{name}'"))
            .WithSummary("One workflow document as its Markdown source");
    }

    private static readonly string RolesName = Path.GetFileNameWithoutExtension(RoleCatalog.FileName);

    private static async Task<IResult> Document(HttpContext http, string title, string markdown) =>
        await PageResults.PageAsync<DocumentPage>(http, new()
        {
            ["Title"] = title,
            ["Html"] = new MarkupString(MarkdownRenderer.ToHtml(markdown)),
        });
}
