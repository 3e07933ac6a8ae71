using Assessment.Core.Data;
using Assessment.Core.Git;
using Assessment.Server.Access;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Endpoints;

internal static class RepositoryEndpoints
{
    internal sealed record RegisterRepository(string? Name, string? Path, string? ProductionBranch, string? Baseline, string? GitHub);
    internal sealed record RepositoryView(string Name, string Path, string ProductionBranch, string? ExplainedThrough, bool FailOpen, string? GitHub)
    {
        public static RepositoryView From(GitRepository r) => new(r.Name, r.Path, r.ProductionBranch, r.ExplainedThrough, r.GateFailOpen, r.GitHub);
    }

    public static void MapRepositoryEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/repositories", async (RegisterRepository body, HttpContext http, RepositoryService repositories, CancellationToken ct) =>
        {
            var repo = await repositories.RegisterAsync(http.Caller(), body.Name, body.Path, body.ProductionBranch, ct, body.Baseline, body.GitHub);
            return Results.Created($"/api/repositories/{repo.Name}", RepositoryView.From(repo));
        }).RequireAuthorization(AccessPolicies.Administers)
          .WithSummary("Register a controlled git repository (admin); baseline: the production commit whose history predates Assessment; github: owner/name");

        api.MapGet("/repositories", async (AssessmentDb db, CancellationToken ct) =>
        {
            var all = await db.Repositories.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
            return Results.Ok(all.Select(RepositoryView.From));
        }).WithSummary("List the controlled repositories");
    }
}
