using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Git;
using Assessment.Core.People;
using Assessment.Server.Endpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Assessment.Server.People;

// The patch page's diff, discussion and timeline, rendered from their components into the page.
internal static class PatchSections
{
    public static async Task<string> RenderAsync(HttpContext http, Patch patch, CancellationToken ct)
    {
        var query = http.Request.Query;
        int? from = int.TryParse(query["from"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var f) && f < patch.Revision ? f : null;
        int? line = int.TryParse(query["line"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;
        var path = query["path"].ToString() is { Length: > 0 } p ? p : null;
        var services = http.RequestServices;
        var comments = await services.GetRequiredService<Discussion>().ListAsync(patch.Id, ct);
        var timeline = await PeoplePages.TimelineAsync(services.GetRequiredService<AssessmentDb>(), patch.Id, ct);
        DiffView? diff;
        try
        {
            diff = DiffEndpoints.Read(patch, from);
        }
        catch (Problem)
        {
            diff = null;
        }
        var form = PeoplePages.TokenOf(http);
        var files = diff?.Files.Select(x => x.Path).ToList() ?? [];
        return await RenderAsync<DiffSection>(services, new()
            {
                ["PatchId"] = patch.Id, ["Diff"] = diff, ["From"] = from, ["Revisions"] = patch.Revision, ["Comments"] = comments, ["Form"] = form,
            })
            + await RenderAsync<DiscussionSection>(services, new()
            {
                ["PatchId"] = patch.Id, ["Comments"] = comments, ["Files"] = files, ["Form"] = form, ["Path"] = path, ["Line"] = line, ["Diff"] = diff,
            })
            + await RenderAsync<TimelineSection>(services, new() { ["Events"] = timeline });
    }

    private static async Task<string> RenderAsync<T>(IServiceProvider services, Dictionary<string, object?> parameters) where T : IComponent
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }
}
