using System.Text.Json;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Git;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Pages;

// Signing an action in the browser (docs/evidence-format.md#action). For a person with a key in
// force, each action form carries a SignatureField: when the form is sent, /sign.js asks the
// statement endpoint below for the exact statement `assess` would sign (the form's commit and
// choice, the person, the server's time now, so a page left open for an hour still signs a
// fresh statement), signs it with the private key file the person picks (it never leaves the
// browser) and posts the envelope as the field "signature". The server checks it exactly as for
// the API. Without the script, or without a key file picked, the form posts unsigned and the
// document's Signatures table decides.
internal static class BrowserSigning
{
    public const string Field = "signature";

    // The form field that carries each action's verdict: a review's verdict, a test's result, a
    // deployment's environment; a blessing has none.
    private static readonly Dictionary<string, string?> Choices = new(StringComparer.Ordinal)
    {
        [ApiRequests.Review] = "verdict",
        [ApiRequests.Test] = "result",
        [ApiRequests.Deploy] = "environment",
        [ApiRequests.Bless] = null,
    };

    public static string? ChoiceField(string action) => Choices.GetValueOrDefault(action);

    public static void MapSigningPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/patches/{id:int}/statement", async (int id, string? action, string? commit, HttpContext http, AssessmentDb db, TimeProvider clock) =>
        {
            if (action is null || !Choices.TryGetValue(action, out var field))
            {
                throw Refusal.Malformed($"action: required, one of {string.Join(", ", Choices.Keys)}");
            }
            var patch = await db.Patches.AsNoTracking().Where(p => p.Id == id)
                .Select(p => new { Repository = p.Repository.Name, p.Revision, p.Head }).FirstOrDefaultAsync(http.RequestAborted)
                ?? throw Refusal.NotFound($"patch {id} does not exist");
            var verdict = field is null ? null : http.Request.Query[field].ToString() is { Length: > 0 } v ? v : throw Refusal.Malformed($"{field}: required for {action}");
            return Statement(patch.Repository, commit is { Length: > 0 } ? commit : patch.Head,
                new ActionPredicate(id, patch.Revision, action, verdict, PageAuth.Current(http).Name, clock.GetUtcNow()));
        }).WithSummary("The statement the signed-in person signs in the browser for an action on the patch, timed now (JSON: payloadType, payload)");

        pages.MapGet("/emergencies/statement", async (string? repository, string? head, HttpContext http, AssessmentDb db, TimeProvider clock) =>
        {
            var name = PatchStore.Required(repository, "repository");
            var path = await db.Repositories.AsNoTracking().Where(r => r.Name == name).Select(r => r.Path).FirstOrDefaultAsync(http.RequestAborted)
                ?? throw Refusal.Invalid($"repository: '{name}' is not a registered repository");
            string commit;
            using (var repo = GitReader.Open(path)) commit = GitReader.Resolve(repo, head ?? "", "commit");
            return Statement(name, commit, new ActionPredicate(null, 1, ApiRequests.Declare, null, PageAuth.Current(http).Name, clock.GetUtcNow()));
        }).WithSummary("The statement the signed-in person signs in the browser to declare an emergency of the commit, timed now (JSON: payloadType, payload)");
    }

    private static IResult Statement(string repository, string commit, ActionPredicate predicate) =>
        Results.Ok(new { payloadType = Handover.PayloadType, payload = Convert.ToBase64String(ActionStatement.Payload(repository, commit, predicate)) });

    // The envelope the script posted, or null for an unsigned action.
    internal static JsonElement? Envelope(IFormCollection form)
    {
        if (form[Field].ToString() is not { Length: > 0 } text) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Refusal.Invalid($"signature: not a DSSE envelope ({e.Message}); nothing was recorded");
        }
    }
}
