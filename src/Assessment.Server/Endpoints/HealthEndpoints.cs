using Assessment.Core.Data;
using Assessment.Core.Workflow;

namespace Assessment.Server.Endpoints;

internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", async (AssessmentDb db, WorkflowCatalog workflows, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct) && workflows.All.Count > 0
                ? Results.Ok(new { status = "ok", workflows = workflows.All.Select(w => new { w.Name, w.ContentHash }) })
                : Results.Problem(statusCode: 503, detail: "database not reachable or no workflow loaded"))
            .WithSummary("200 once the database is reachable and the workflows are loaded");
    }
}
