using Assessment.Core.People;
using Assessment.Core.Workflow;
using Assessment.Server.People;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Server.Pages;

// Renders a page component on the server, inside its frame: the compiler escapes every value.
internal static class PageResults
{
    public static async Task<Frame> FrameAsync(HttpContext http, int? queueCount = null)
    {
        var form = PeoplePages.TokenOf(http);
        if (PageAuth.SignedIn(http) is not { } user) return new Frame(null, form, 0);
        var services = http.RequestServices;
        var roles = services.GetRequiredService<RoleCatalog>();
        var viewer = new Viewer(user.Name, user.Roles, roles.Administers(user.Roles), roles.ReadsEvidence(user.Roles));
        if (queueCount is null && roles.IsAnyRole(user.Roles))
        {
            queueCount = await services.GetRequiredService<QueueCounts>().CountAsync(user, services.GetRequiredService<Assessment.Core.Data.AssessmentDb>(),
                async () => (await PeoplePages.EntriesAsync(user, services.GetRequiredService<PatchList>(), services.GetRequiredService<Queue>(),
                    services.GetRequiredService<TimeProvider>(), http.RequestAborted)).Count, http.RequestAborted);
        }
        return new Frame(viewer, form, queueCount ?? 0);
    }

    public static async Task<RazorComponentResult> PageAsync<T>(
        HttpContext http, Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK, int? queueCount = null)
        where T : IComponent
    {
        parameters["Frame"] = await FrameAsync(http, queueCount);
        return new RazorComponentResult<T>(parameters) { StatusCode = status };
    }

    // A page that only says something: a refusal or a notice.
    public static Task<RazorComponentResult> MessageAsync(HttpContext http, string title, PageMessage message, int status) =>
        PageAsync<MessagePage>(http, new() { ["Title"] = title, ["Items"] = new[] { message } }, status);

    private static bool IsAnyRole(this RoleCatalog roles, IReadOnlyList<string> held) => held.Any(roles.IsRole);
}
