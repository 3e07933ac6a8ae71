using System.Globalization;
using Assessment.Core.Environments;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Git;
using Assessment.Core.Patches;
using Assessment.Core.People;
using Assessment.Core.Workflow;
using Assessment.Server.Endpoints;
using Assessment.Server.People;

namespace Assessment.Server.Pages;

// Reads what the patch page shows: the patch as the API shows it, its diff (the API's answer
// too), discussion and timeline, and where it stands among its workflow document's states.
internal static class PatchPageReader
{
    public static async Task<PatchPageData> ReadAsync(
        HttpContext http, int id, List<PageMessage> messages, Func<WorkflowEngine, Patch, User, PageMessage?>? notice)
    {
        var services = http.RequestServices;
        var ct = http.RequestAborted;
        var viewer = PageAuth.Current(http);
        var engine = services.GetRequiredService<WorkflowEngine>();
        var patch = await PatchStore.LoadAsync(services.GetRequiredService<AssessmentDb>(), id, ct);
        var view = services.GetRequiredService<PatchViews>().One(patch, viewer);
        if (notice?.Invoke(engine, patch, viewer) is { } uncounted) messages.Add(uncounted);
        var query = http.Request.Query;
        int? from = Number(query["from"]) is { } f && f < patch.Revision ? f : null;
        DiffView? diff;
        try
        {
            diff = DiffEndpoints.Read(patch, from);
        }
        catch (Refusal)
        {
            diff = null; // the repository lost the commits: the record still stands and is shown
        }
        var wf = engine.For(patch);
        List<NextRequest> requests = [.. engine.NextRequests(patch, viewer).Where(r => view.NextActions.Contains(r.NextAction, StringComparer.Ordinal))];
        var production = ApiRequests.NextActionName(ApiRequests.DeployTo(DeploymentEnvironments.Production));
        var handover = requests.Any(r => r.NextAction == production) && HandoverChecks.Applies(patch, DeploymentEnvironments.Production)
            ? await HandoverChecks.CheckAsync(services, patch, viewer, ct)
            : null;
        var signing = requests.Count > 0 && (await UserKeys.InForceAsync(services.GetRequiredService<AssessmentDb>(), viewer.Id, ct)).Count > 0;
        return new PatchPageData
        {
            Signing = signing,
            View = view,
            Requests = requests,
            Handover = handover,
            States = [.. wf.States.Select(s => new StateStep(s.Name, s.Meaning, s.Name == patch.State, wf.IsFinal(s.Name)))],
            Environments = services.GetRequiredService<DeploymentEnvironments>().All,
            Comments = await services.GetRequiredService<Discussion>().ListAsync(id, ct),
            Timeline = await PeoplePages.TimelineAsync(services.GetRequiredService<AssessmentDb>(), id, ct),
            Signable = wf.Signatures.Keys.ToHashSet(StringComparer.Ordinal),
            Messages = messages,
            Diff = diff,
            From = from,
            Path = query["path"].ToString() is { Length: > 0 } path ? path : null,
            Line = Number(query["line"]),
        };
    }

    private static int? Number(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
