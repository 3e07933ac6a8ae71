using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Endpoints;

internal static class PatchEndpoints
{
    internal sealed record ReviseRequest(string? Head);
    internal sealed record CommentRequest(string? Comment);

    public static void MapPatchEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/patches", async (SubmitPatch body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
        {
            var patch = await patches.SubmitAsync(http.Caller(), body, ct);
            return Results.Created($"/api/patches/{patch.Id}", views.One(patch, http.Caller()));
        }).WithSummary("Submit a patch (developer); with 'follows', the remedial follow-up of an emergency");

        api.MapGet("/patches", async (string? state, string? kind, bool? overdue, HttpContext http, AssessmentDb db,
            PatchViews views, WorkflowEngine engine, TimeProvider clock, CancellationToken ct) =>
        {
            CheckFilter("state", state, engine.Catalog.All.SelectMany(w => w.States.Select(s => s.Name)));
            CheckFilter("kind", kind, engine.Catalog.All.Select(w => w.Name));
            var query = db.Patches.AsNoTracking().WithRecords();
            if (!string.IsNullOrEmpty(state)) query = query.Where(p => p.State == state);
            if (!string.IsNullOrEmpty(kind)) query = query.Where(p => p.Kind == kind);
            if (overdue == true) query = query.Where(p => p.ReviewDeadline != null && p.ReviewDeadline <= clock.GetUtcNow());
            var list = (await query.OrderBy(p => p.Id).ToListAsync(ct)).Select(p => views.Summary(p, http.Caller()));
            return Results.Ok(overdue is { } o ? list.Where(v => v.Overdue == o) : list);
        }).WithSummary("List patches, filtered by state, kind, overdue");

        api.MapGet("/patches/{id:int}", async (int id, HttpContext http, AssessmentDb db, PatchViews views, CancellationToken ct) =>
            Results.Ok(views.One(await PatchStore.LoadAsync(db, id, ct), http.Caller())))
            .WithSummary("One patch, with its commits and diff statistics read from git");

        api.MapPost("/patches/{id:int}/revisions", async (int id, ReviseRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}", views.One(await patches.ReviseAsync(id, http.Caller(), body.Head, ct), http.Caller())))
            .WithSummary("A new revision (author): earlier reviews and tests become stale");

        api.MapPost("/patches/{id:int}/reviews", async (int id, ReviewRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}", views.One(await patches.ReviewAsync(id, http.Caller(), body, ct), http.Caller())))
            .WithSummary("Review (assessor): approve or request-changes, about the named commit");

        api.MapPost("/patches/{id:int}/deployments", async (int id, DeployRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}", views.One(await patches.DeployAsync(id, http.Caller(), body, ct), http.Caller())))
            .WithSummary("Record a deployment of the exact commit to a test or production environment");

        api.MapPost("/patches/{id:int}/tests", async (int id, TestRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}", views.One(await patches.TestAsync(id, http.Caller(), body, ct), http.Caller())))
            .WithSummary("Record a test result on the test server (tester)");

        api.MapPost("/patches/{id:int}/blessing", async (int id, CommentRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}/handover", views.One(await patches.BlessAsync(id, http.Caller(), body.Comment, ct), http.Caller())))
            .WithSummary("The formal blessing (assessor); the signed hand-over becomes available");

        api.MapPost("/patches/{id:int}/withdrawal", async (int id, CommentRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Ok(views.One(await patches.WithdrawAsync(id, http.Caller(), body.Comment, ct), http.Caller())))
            .WithSummary("Withdraw a patch (author or admin)");
    }

    // A filter naming no state or kind that exists is a typo, not an empty answer.
    private static void CheckFilter(string field, string? value, IEnumerable<string> known)
    {
        var names = known.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!string.IsNullOrEmpty(value) && !names.Contains(value, StringComparer.Ordinal))
        {
            throw Assessment.Core.Problem.BadRequest($"{field}: '{value}' is not one of {string.Join(", ", names)}");
        }
    }
}

// Shapes patches for the caller; a single patch also shows its commits and diff statistics.
internal sealed class PatchViews(WorkflowEngine engine, DeploymentEnvironments environments, TimeProvider clock)
{
    public PatchView One(Patch patch, User viewer) => PatchView.From(patch, viewer, engine, environments, clock.GetUtcNow(), withGit: true);

    public PatchView Summary(Patch patch, User viewer) => PatchView.From(patch, viewer, engine, environments, clock.GetUtcNow(), withGit: false);
}
