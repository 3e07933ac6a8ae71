using System.Globalization;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Patches;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Pages;

// Submitting a patch and declaring an emergency in the browser. "Check" resolves the refs and
// shows the commits; only then is the button that submits offered, carrying the resolved shas,
// so what is recorded is what the page showed.
internal static class WorkPages
{
    public static void MapWorkPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/patches/new", async Task<IResult> (HttpContext http) => await ShowAsync(http, emergency: false, new NewPatchForm(), null, []))
            .WithSummary("Submit a patch (HTML form)");
        pages.MapPost("/patches/new", (IFormCollection form, HttpContext http, PatchService patches) => PostAsync(http, form, emergency: false, patches))
            .WithSummary("Submit a patch (form): intent=check shows the resolved refs, intent=submit records it");
        pages.MapGet("/emergencies/new", async Task<IResult> (HttpContext http) => await ShowAsync(http, emergency: true, new NewPatchForm(), null, []))
            .WithSummary("Declare an emergency (HTML form)");
        pages.MapPost("/emergencies/new", (IFormCollection form, HttpContext http, PatchService patches) => PostAsync(http, form, emergency: true, patches))
            .WithSummary("Declare an emergency (form): intent=check shows the commit, intent=submit records it");
    }

    private static async Task<IResult> PostAsync(HttpContext http, IFormCollection form, bool emergency, PatchService patches)
    {
        var fields = NewPatchForm.From(form);
        var db = http.RequestServices.GetRequiredService<AssessmentDb>();
        var ct = http.RequestAborted;
        try
        {
            if (form["intent"] != "submit")
            {
                var check = await RefCheck.ResolveAsync(db, fields.Repository, fields.Base, fields.Head ?? "", emergency ? "commit" : "head", ct);
                return await ShowAsync(http, emergency, fields, check, []);
            }
            var user = PageAuth.Current(http);
            var patch = emergency
                ? await patches.DeclareEmergencyAsync(user, new DeclareEmergency(fields.Repository, fields.Head, fields.Base, fields.Title, fields.Reason, fields.Arbitration, BrowserSigning.Envelope(form)), ct)
                : await patches.SubmitAsync(user, new SubmitPatch(fields.Repository, fields.Title, fields.Description, fields.Base, fields.Head, fields.Bug, Follows(fields.Follows)), ct);
            http.Response.Headers.Location = $"/patches/{patch.Id}?done={(emergency ? "declare" : "submit")}";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }
        catch (Refusal problem)
        {
            return await ShowAsync(http, emergency, fields, null, [PageMessage.Refusal(problem.Status, problem.Title, problem.Detail)], problem.Status);
        }
    }

    private static int? Follows(string? text) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw Refusal.Malformed($"follows: '{text}' is not a patch number");

    private static async Task<IResult> ShowAsync(
        HttpContext http, bool emergency, NewPatchForm fields, RefCheck? check, IReadOnlyList<PageMessage> messages, int status = 200)
    {
        var db = http.RequestServices.GetRequiredService<AssessmentDb>();
        var repositories = await db.Repositories.AsNoTracking().OrderBy(r => r.Name).Select(r => r.Name).ToListAsync(http.RequestAborted);
        // The declarer signs the declaration, as `assess emergency declare` does, once they have a key.
        var signing = emergency && (await UserKeys.InForceAsync(db, PageAuth.Current(http).Id, http.RequestAborted)).Count > 0;
        return await PageResults.PageAsync<NewPatchPage>(http, new()
        {
            ["Emergency"] = emergency, ["Fields"] = fields, ["Check"] = check, ["Items"] = messages, ["Repositories"] = repositories,
            ["Signing"] = signing,
        }, status);
    }
}
