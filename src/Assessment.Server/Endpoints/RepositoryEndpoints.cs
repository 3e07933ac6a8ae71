using Assessment.Core.Data;
using Assessment.Core.Git;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Endpoints;

internal static class RepositoryEndpoints
{
    internal sealed record RegisterRepository(string? Name, string? Path, string? ProductionBranch, string? Baseline);
    internal sealed record RepositoryView(string Name, string Path, string ProductionBranch, string? ExplainedThrough);

    public static void MapRepositoryEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/repositories", async (RegisterRepository body, HttpContext http, RepositoryService repositories, CancellationToken ct) =>
        {
            var admin = http.Caller();
            admin.Require("admin");
            var repo = await repositories.RegisterAsync(admin, body.Name, body.Path, body.ProductionBranch, ct, body.Baseline);
            return Results.Created($"/api/repositories/{repo.Name}", new RepositoryView(repo.Name, repo.Path, repo.ProductionBranch, repo.ExplainedThrough));
        }).WithSummary("Register a controlled git repository (admin); baseline: the production commit whose history predates Assessment");

        api.MapGet("/repositories", async (AssessmentDb db, CancellationToken ct) =>
        {
            var all = await db.Repositories.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
            return Results.Ok(all.Select(r => new RepositoryView(r.Name, r.Path, r.ProductionBranch, r.ExplainedThrough)));
        }).WithSummary("List the controlled repositories");
    }
}
