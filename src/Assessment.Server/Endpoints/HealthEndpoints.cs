using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Workflow;

namespace Assessment.Server.Endpoints;

internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (AssessmentDb db, WorkflowCatalog workflows, AuditWatch audit, CancellationToken ct) =>
        {
            if (audit.Broken is { } broken)
            {
                return Results.Json(new { status = "unhealthy", audit = "broken", firstBadEvent = broken.FirstBadEvent, detail = broken.Detail },
                    statusCode: 503);
            }
            return await db.Database.CanConnectAsync(ct) && workflows.All.Count > 0
                ? Results.Ok(new { status = "ok", audit = "ok", workflows = workflows.All.Select(w => new { w.Name, w.ContentHash }) })
                : Results.Problem(statusCode: 503, detail: "database not reachable or no workflow loaded");
        }).WithSummary("200 once the database is reachable, the workflows are loaded and the audit log verifies; " +
            "503 with \"audit\":\"broken\" and the first bad event once the server found its log broken");
    }
}
