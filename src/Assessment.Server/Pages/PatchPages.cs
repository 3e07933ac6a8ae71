using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Assessment.Server.Access;
using Microsoft.AspNetCore.Antiforgery;

namespace Assessment.Server.Pages;

// The web pages over the same PatchService the API uses: every form posts to an action of the
// workflow engine, a refusal is shown on the page with its status and detail, and a success
// redirects back to the patch (Post/Redirect/Get).
internal static class PatchPages
{
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        [ApiRequests.Review] = "Your review was recorded.",
        [ApiRequests.Test] = "Your test result was recorded.",
        [ApiRequests.Deploy] = "The deployment was recorded.",
        [ApiRequests.Bless] = "The patch is blessed; the signed hand-over is available.",
        [ApiRequests.Revise] = "The new revision was recorded; earlier reviews and tests are stale.",
        [ApiRequests.Withdraw] = "The patch was withdrawn.",
        ["comment"] = "Your comment was recorded.",
        [ApiRequests.Submit] = "The patch was submitted.",
        [ApiRequests.Declare] = "The emergency was declared; its review deadline runs from now.",
    };

    public static void MapPatchPages(this WebApplication app)
    {
        // Checks the token of every form post (endpoints binding IFormCollection); the JSON API
        // carries bearer tokens and is not affected.
        app.UseAntiforgery();
        app.Use(async (http, next) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                await (await PageResults.MessageAsync(http, "Form refused", PageMessage.Refusal(400, "Malformed request",
                    "antiforgery: the form's token is missing or not valid; reload the page and submit it again"), 400)).ExecuteAsync(http);
                return;
            }
            await next(http);
        });
        app.MapGroup("").AllowAnonymous().MapLoginPages();
        app.MapGroup("").RequireAuthorization(AccessPolicies.SignedIn).WithTags("Pages").MapMePages();
        var pages = app.MapGroup("").RequireAuthorization(AccessPolicies.Member).WithTags("Pages");

        People.PeoplePages.MapPeoplePages(pages);
        pages.MapWorkPages();
        pages.MapSigningPages();
        pages.MapOverviewPages();
        pages.MapGroup("").RequireAuthorization(AccessPolicies.Administers).MapAdminPages();
        pages.MapGroup("").RequireAuthorization(AccessPolicies.ReadsEvidence).MapAuditPages();

        pages.MapGet("/patches", PatchListPages.RenderAsync)
            .WithSummary("The patch list page (HTML): filtered by state, kind, overdue, searched by q, paged by cursor");

        pages.MapGet("/patches/{id:int}", (int id, string? done, string? uncounted, HttpContext http) =>
            ShowAsync(http, id, done is not null && Done.TryGetValue(done, out var text) ? PageMessage.Notice(text) : null, uncounted: uncounted))
            .WithSummary("One patch (HTML), with the forms for the signed-in user's next actions");

        pages.MapPost("/patches/{id:int}/review", (int id, IFormCollection form, HttpContext http, PatchService patches) =>
            ActAsync(http, id, ApiRequests.Review, (user, ct) =>
                patches.ReviewAsync(id, user, new ReviewRequest(Field(form, "verdict"), Field(form, "comment"), Field(form, "commit"), BrowserSigning.Envelope(form)), ct)))
            .WithSummary("Review form (assessor)");

        pages.MapPost("/patches/{id:int}/test", (int id, IFormCollection form, HttpContext http, PatchService patches) =>
            ActAsync(http, id, ApiRequests.Test, (user, ct) =>
                patches.TestAsync(id, user, new TestRequest(Field(form, "result"), Field(form, "comment"), Field(form, "commit"), BrowserSigning.Envelope(form)), ct)))
            .WithSummary("Test result form (tester)");

        pages.MapPost("/patches/{id:int}/deploy", (int id, IFormCollection form, HttpContext http, PatchService patches) =>
            ActAsync(http, id, ApiRequests.Deploy, async (user, ct) =>
            {
                var handover = await HandoverChecks.DigestForAsync(http.RequestServices, id, Field(form, "environment"), Field(form, "handover"), user, ct);
                return await patches.DeployAsync(id, user, new DeployRequest(Field(form, "environment"), Field(form, "commit"), Field(form, "witness"), handover, BrowserSigning.Envelope(form)), ct);
            }))
            .WithSummary("Deployment form; to production, the patch's hand-over is verified first and its digest recorded");

        pages.MapPost("/patches/{id:int}/bless", (int id, IFormCollection form, HttpContext http, PatchService patches) =>
            ActAsync(http, id, ApiRequests.Bless, (user, ct) => patches.BlessAsync(id, user, Field(form, "comment"), ct, BrowserSigning.Envelope(form))))
            .WithSummary("Blessing form (assessor)");

        pages.MapPost("/patches/{id:int}/revise", (int id, IFormCollection form, HttpContext http, PatchService patches) =>
            ActAsync(http, id, ApiRequests.Revise, (user, ct) => patches.ReviseAsync(id, user, Field(form, "head"), Field(form, "base"), ct)))
            .WithSummary("New revision form (author)");

        pages.MapPost("/patches/{id:int}/withdraw", (int id, IFormCollection form, HttpContext http, PatchService patches) =>
            ActAsync(http, id, ApiRequests.Withdraw, (user, ct) => patches.WithdrawAsync(id, user, Field(form, "comment"), ct)))
            .WithSummary("Withdrawal form (author or admin)");
    }

    private static string? Field(IFormCollection form, string name) =>
        form[name].ToString() is { Length: > 0 } value ? value : null;

    private static async Task<IResult> ActAsync(
        HttpContext http, int id, string action, Func<User, CancellationToken, Task<Patch>> act) =>
        await ActAsync(http, id, action, async (user, ct) => new Recorded(await act(user, ct), new Counting(true, null)));

    private static async Task<IResult> ActAsync(
        HttpContext http, int id, string action, Func<User, CancellationToken, Task<Recorded>> act)
    {
        string? uncounted = null;
        try
        {
            var recorded = await act(PageAuth.Current(http), http.RequestAborted);
            // The page after the redirect says why the record does not count (the engine judges it again there).
            if (!recorded.Counting.Counted) uncounted = "&uncounted=" + Uri.EscapeDataString(action);
        }
        catch (Refusal problem)
        {
            return await ShowAsync(http, id, PageMessage.Refusal(problem.Status, problem.Title, problem.Detail), problem.Status);
        }
        // 303: the browser follows with a GET, so a reload does not post the form again.
        http.Response.Headers.Location = $"/patches/{id}?done={action}{uncounted}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    // "review" or "test": the viewer's latest record of that kind, judged as the answer judged it.
    private static PageMessage? UncountedNotice(WorkflowEngine engine, Patch patch, User viewer, string? uncounted)
    {
        // The record's API request, mapped to the document's action by its Requests table, so a
        // document that renames its actions still gets the notice.
        var request = uncounted switch
        {
            "review" => patch.Reviews.Where(r => r.By == viewer.Name).MaxBy(r => r.Id)?.Verdict is { } verdict ? ApiRequests.ReviewWith(verdict) : null,
            "test" => patch.Tests.Where(t => t.By == viewer.Name).MaxBy(t => t.Id)?.Result is { } result ? ApiRequests.TestWith(result) : null,
            _ => null,
        };
        var wf = engine.For(patch);
        if (request is null || wf.ActionOf(request) is not { } name || wf.FindAction(name) is not { } action) return null;
        var counting = engine.Counted(wf, patch.Facts(), viewer.Facts(), action);
        return counting.Counted ? null : new PageMessage(false, "Recorded, but it does not count: " + counting.Reason);
    }

    public static async Task<IResult> ShowAsync(HttpContext http, int id, PageMessage? banner, int status = 200, string? uncounted = null)
    {
        var messages = new List<PageMessage>();
        if (banner is not null) messages.Add(banner);
        PatchPageData data;
        try
        {
            data = await PatchPageReader.ReadAsync(http, id, messages, uncounted is null ? null
                : (engine, patch, viewer) => UncountedNotice(engine, patch, viewer, uncounted));
        }
        catch (Refusal problem)
        {
            messages.Add(PageMessage.Refusal(problem.Status, problem.Title, problem.Detail));
            return await PageResults.PageAsync<MessagePage>(http, new() { ["Title"] = $"Patch {id}", ["Items"] = messages }, problem.Status);
        }
        return await PageResults.PageAsync<PatchPage>(http, new() { ["Data"] = data }, status);
    }
}
