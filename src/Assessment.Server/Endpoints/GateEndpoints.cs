using Assessment.Core;
using Assessment.Core.Gate;
using Assessment.Core.Git;
using Assessment.Core.Users;
using Assessment.Core.Workflow;
using Assessment.Server.Access;

namespace Assessment.Server.Endpoints;

internal static class GateEndpoints
{
    internal sealed record GateSetting(bool? FailOpen, string? Motion);

    public static void MapGateEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/repositories/{name}/push-checks", async (string name, PushCheckRequest body, HttpContext http, PushGate gate, RoleCatalog roles, CancellationToken ct) =>
        {
            var caller = http.Caller();
            // The hook's token holds only a role that checks pushes (roles.md); a role that administers may check a push too.
            if (!roles.Administers(caller) && !roles.ChecksPushes(caller.Roles))
            {
                throw Refusal.Forbidden($"push checks need a role that checks pushes ({string.Join(", ", roles.CheckingPushes)}) or one that administers " +
                    $"({RoleCatalog.FileName}); {caller.Name} holds " +
                    (caller.Roles.Count == 0 ? "no role" : string.Join(", ", caller.Roles)));
            }
            return Results.Ok(await gate.CheckAsync(caller, name, body, ct));
        }).WithSummary("May this push update the ref? (gate or admin) The pre-receive hook lists the new commits itself");

        api.MapPut("/repositories/{name}/gate", async (string name, GateSetting body, HttpContext http, RepositoryService repositories, CancellationToken ct) =>
        {
            var repo = await repositories.SetGateAsync(http.Caller(), name, body.FailOpen, body.Motion, ct);
            return Results.Ok(RepositoryEndpoints.RepositoryView.From(repo));
        }).RequireAuthorization(AccessPolicies.Administers).WithSummary("Whether the hook lets pushes pass when it cannot reach the server (admin; logged)");
    }
}
