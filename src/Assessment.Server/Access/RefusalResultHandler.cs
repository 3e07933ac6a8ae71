using Assessment.Core.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Assessment.Server.Pages;

namespace Assessment.Server.Access;

// A signed-in caller that a policy refuses gets 403 with the rule it did not meet, as every
// other refusal does (a problem from the API, a page from the pages); an anonymous one is
// challenged by its scheme (401, or the sign-in page).
internal sealed class RefusalResultHandler(RoleCatalog roles, ILogger<RefusalResultHandler> log) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && http.User.Identity?.IsAuthenticated == true)
        {
            var failed = result.AuthorizationFailure?.FailedRequirements.OfType<RoleRequirement>().FirstOrDefault();
            var detail = failed?.Explain(roles, http.User) ?? "this request is not allowed for the signed-in user";
            log.LogInformation("Refused {Method} {Path}: 403 {Detail}", http.Request.Method, http.Request.Path, detail);
            if (http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                await Problems.WriteAsync(http, 403, "Not allowed", detail);
                return;
            }
            // A page answers a person in their browser: the same refusal, as a page in the frame.
            var page = await PageResults.MessageAsync(http, "Not allowed", PageMessage.Refusal(403, "Not allowed", detail), 403);
            await page.ExecuteAsync(http);
            return;
        }
        await fallback.HandleAsync(next, http, policy, result);
    }
}
