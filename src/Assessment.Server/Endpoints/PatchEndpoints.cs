using Assessment.Core.Environments;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.GitHub;
using Assessment.Core.People;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;

namespace Assessment.Server.Endpoints;

internal static class PatchEndpoints
{
    internal sealed record ReviseRequest(string? Head, string? Base);
    internal sealed record CommentRequest(string? Comment);
    internal sealed record BlessRequest(string? Comment, System.Text.Json.JsonElement? Signature);

    public static void MapPatchEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/patches", async (SubmitPatch body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
        {
            if (body.GitHubPullRequest is null) await http.RequestServices.GetRequiredService<GitHubMirror>().TryFetchAsync(Db(http), body.Repository, null, ct);
            var patch = body.GitHubPullRequest is null
                ? await patches.SubmitAsync(http.Caller(), body, ct)
                : await http.RequestServices.GetRequiredService<PullRequestSubmission>().SubmitAsync(http.Caller(), body, ct);
            return Results.Created($"/api/patches/{patch.Id}", views.One(patch, http.Caller()));
        }).WithSummary("Submit a patch (developer); with 'follows', the remedial follow-up of an emergency; with 'githubPullRequest', from that pull request");

        api.MapGet("/patches", ListAsync)
            .WithSummary("List patches: filtered by state, kind, overdue; actionable=me for what waits for the caller; q searches; paged by limit and cursor (Link: rel=\"next\")");

        api.MapGet("/patches/{id:int}", OneAsync)
            .WithSummary("One patch, with its commits and diff statistics read from git; its reviews, tests, deployments and revisions paged by limit and cursor (Link: rel=\"next\")");

        api.MapPost("/patches/{id:int}/revisions", async (int id, ReviseRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
        {
            await http.RequestServices.GetRequiredService<GitHubMirror>().TryFetchAsync(Db(http), null, id, ct);
            return Results.Created($"/api/patches/{id}", views.One(await patches.ReviseAsync(id, http.Caller(), body.Head, body.Base, ct), http.Caller()));
        })
            .WithSummary("A new revision (author), possibly onto a new base: earlier reviews and tests become stale unless the document keeps them on a rebase");

        api.MapPost("/patches/{id:int}/reviews", async (int id, ReviewRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}", views.Answer(await patches.ReviewAsync(id, http.Caller(), body, ct), http.Caller())))
            .WithSummary("Review (assessor): approve or request-changes, about the named commit");

        api.MapPost("/patches/{id:int}/deployments", async (int id, DeployRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}", views.One(await patches.DeployAsync(id, http.Caller(), body, ct), http.Caller())))
            .WithSummary("Record a deployment of the exact commit to a test or production environment");

        api.MapPost("/patches/{id:int}/tests", async (int id, TestRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}", views.Answer(await patches.TestAsync(id, http.Caller(), body, ct), http.Caller())))
            .WithSummary("Record a test result on the test server (tester)");

        api.MapPost("/patches/{id:int}/blessing", async (int id, BlessRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Created($"/api/patches/{id}/handover", views.One(await patches.BlessAsync(id, http.Caller(), body.Comment, ct, body.Signature), http.Caller())))
            .WithSummary("The formal blessing (assessor); the signed hand-over becomes available");

        api.MapPost("/patches/{id:int}/withdrawal", async (int id, CommentRequest body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
            Results.Ok(views.One(await patches.WithdrawAsync(id, http.Caller(), body.Comment, ct), http.Caller())))
            .WithSummary("Withdraw a patch (author or admin)");
    }

    private static AssessmentDb Db(HttpContext http) => http.RequestServices.GetRequiredService<AssessmentDb>();

    private static async Task<IResult> ListAsync(
        string? state, string? kind, bool? overdue, string? actionable, string? q, int? limit, string? cursor,
        HttpContext http, PatchList list, PatchViews views, WorkflowEngine engine, CancellationToken ct)
    {
        CheckFilter("state", state, engine.Catalog.All.SelectMany(w => w.States.Select(s => s.Name)));
        CheckFilter("kind", kind, engine.Catalog.All.Select(w => w.Name));
        if (actionable is not (null or "me"))
            throw Refusal.Malformed($"actionable: '{actionable}' is not 'me' (the only person one may ask about)");
        if (limit is < 1 or > PatchFilter.MaxLimit)
            throw Refusal.Malformed($"limit: {limit} is not between 1 and {PatchFilter.MaxLimit}");
        if (q is { Length: > 200 })
            throw Refusal.Malformed("q: at most 200 characters");
        var filter = new PatchFilter(state, kind, overdue, actionable == "me", q, limit ?? PatchFilter.DefaultLimit, Cursor(cursor));
        var caller = http.Caller();
        var page = await list.PageAsync(filter, caller, ct);
        if (page.NextAfter is { } next)
            http.Response.Headers.Link = $"<{NextLink(http.Request, next.ToString(System.Globalization.CultureInfo.InvariantCulture))}>; rel=\"next\"";
        return Results.Ok(page.Patches.Select(p => views.Summary(p, caller)));
    }

    // The patch as the rules judge it (what an action reads, so counts and next actions are
    // right and bounded) with one page of its history: at most `limit` records of each kind.
    private static async Task<IResult> OneAsync(
        int id, int? limit, string? cursor, HttpContext http, AssessmentDb db, PatchViews views, WorkflowEngine engine, CancellationToken ct)
    {
        if (limit is < 1 or > PatchHistory.MaxLimit)
            throw Refusal.Malformed($"limit: {limit} is not between 1 and {PatchHistory.MaxLimit}");
        var after = HistoryCursor.Parse(cursor)
            ?? throw Refusal.Malformed($"cursor: '{cursor}' is not a cursor this server gave (take it from the Link header)");
        var caller = http.Caller();
        var (patch, page) = await ReadSnapshot.RunAsync(db, async () =>
        {
            var (patch, _) = await PatchStore.LoadForActionAsync(db, id, caller, ct);
            return (patch, await PatchHistory.PageAsync(db, id, after, limit ?? PatchHistory.DefaultLimit, ct));
        }, ct);
        if (page.Next is { } next)
            http.Response.Headers.Link = $"<{NextLink(http.Request, next.ToString())}>; rel=\"next\"";
        return Results.Ok(views.One(patch, caller).WithHistory(patch, page, engine));
    }

    // The cursor is the last id of the page before, as the next link gives it.
    private static int Cursor(string? cursor) =>
        cursor is null ? 0
        : int.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var after) && after > 0 ? after
        : throw Refusal.Malformed($"cursor: '{cursor}' is not a cursor this server gave (take it from the Link header)");

    private static string NextLink(HttpRequest request, string after)
    {
        var query = request.Query.Where(p => p.Key != "cursor")
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"cursor={Uri.EscapeDataString(after)}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    // A filter naming no state or kind that exists is a typo, not an empty answer.
    private static void CheckFilter(string field, string? value, IEnumerable<string> known)
    {
        var names = known.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!string.IsNullOrEmpty(value) && !names.Contains(value, StringComparer.Ordinal))
        {
            throw Assessment.Core.Refusal.Malformed($"{field}: '{value}' is not one of {string.Join(", ", names)}");
        }
    }
}

// Shapes patches for the caller; a single patch also shows its commits and diff statistics.
internal sealed class PatchViews(WorkflowEngine engine, DeploymentEnvironments environments, TimeProvider clock)
{
    public PatchView One(Patch patch, User viewer) => PatchView.From(patch, viewer, engine, environments, clock.GetUtcNow(), withGit: true);

    // The answer to a review or test: the patch, and whether that record counts and why not
    // under "counting"; a top-level "reason" too (API.md), unless the patch has one of its own.
    public PatchView Answer(Recorded recorded, User viewer)
    {
        var view = One(recorded.Patch, viewer);
        var counting = new CountingView(recorded.Counting.Counted, recorded.Counting.Reason);
        return view with { Counted = counting.Counted, Counting = counting, Reason = view.Reason ?? counting.Reason };
    }

    public PatchView Summary(Patch patch, User viewer) => PatchView.From(patch, viewer, engine, environments, clock.GetUtcNow(), withGit: false);
}
