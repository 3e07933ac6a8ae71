using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.People;
using Assessment.Server.Pages;
using Microsoft.AspNetCore.Antiforgery;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.People;

// My queue as the home page, and the comment form of the patch page.
internal static class PeoplePages
{
    public static void MapPeoplePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/", QueueAsync).WithSummary("My queue (HTML): what waits for the signed-in person");
        pages.MapPost("/patches/{id:int}/comment", CommentAsync).WithSummary("Comment form: on the patch, on a line, or an answer");
    }

    private static async Task<IResult> QueueAsync(HttpContext http, PatchList list, Queue queue, TimeProvider clock)
    {
        var entries = await EntriesAsync(PageAuth.Current(http), list, queue, clock, http.RequestAborted);
        return await PageResults.PageAsync<QueuePage>(http, new() { ["Entries"] = entries, ["Now"] = clock.GetUtcNow() },
            queueCount: entries.Count);
    }

    public static async Task<IReadOnlyList<QueueEntry>> EntriesAsync(User user, PatchList list, Queue queue, TimeProvider clock, CancellationToken ct)
    {
        var page = await list.PageAsync(new PatchFilter(ActionableByMe: true, Limit: PatchFilter.MaxLimit), user, ct);
        var engine = queue;
        var now = clock.GetUtcNow();
        return [.. page.Patches
            .Select(p => new QueueEntry(p.Id, p.Kind, p.State, p.Title, p.Repository.Name, engine.Waiting(p, user), p.UpdatedAt,
                p.ReviewDeadline, p.ReviewDeadline is { } d && d <= now && engine.Waiting(p, user).Count > 0, p.DeclaredBy is not null))
            .OrderByDescending(e => e.Overdue).ThenBy(e => e.Since)];
    }

    private static async Task<IResult> CommentAsync(int id, IFormCollection form, HttpContext http, Discussion discussion)
    {
        var line = int.TryParse(form["line"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        var reply = int.TryParse(form["inReplyTo"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        var path = form["path"].ToString() is { Length: > 0 } p ? p : null;
        try
        {
            var comment = await discussion.AddAsync(id, PageAuth.Current(http), new CommentRequest(form["body"], path, line, reply), http.RequestAborted);
            http.Response.Headers.Location = $"/patches/{id}?done=comment#comment-{comment.InReplyTo ?? comment.Id}";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }
        catch (Refusal problem)
        {
            return await PatchPages.ShowAsync(http, id, PageMessage.Refusal(problem.Status, problem.Title, problem.Detail), problem.Status);
        }
    }

    public static FormToken TokenOf(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new FormToken(tokens.FormFieldName, tokens.RequestToken ?? "");
    }

    public static async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(AssessmentDb db, int id, CancellationToken ct)
    {
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.PatchId == id).OrderBy(e => e.Sequence)
            .Select(e => new { e.Sequence, e.At, e.Actor, e.Type, e.Commit, e.Data }).ToListAsync(ct);
        return [.. events.Select(e =>
        {
            var (action, keyId) = ActionAndKey(e.Data);
            return new TimelineEntry(e.Sequence, e.At, e.Actor, e.Type, e.Commit, action, keyId);
        })];
    }

    // An action's event names the document's action and, when its maker signed it, the key
    // (PatchService writes "signature": {"keyId", "digest"} beside what was checked).
    private static (string? Action, string? KeyId) ActionAndKey(string data)
    {
        using var json = JsonDocument.Parse(data);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return (null, null);
        var action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var keyId = root.TryGetProperty("signature", out var sig) && sig.ValueKind == JsonValueKind.Object
            && sig.TryGetProperty("keyId", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        return (action, keyId);
    }
}
