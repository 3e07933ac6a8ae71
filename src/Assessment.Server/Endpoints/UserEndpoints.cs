using Assessment.Core.Data;
using Assessment.Core.Users;
using Assessment.Core.Workflow;
using Assessment.Server.Access;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Endpoints;

internal static class UserEndpoints
{
    internal sealed record CreateUser(string? Name, List<string>? Roles, string? Motion, string? Email, List<string>? Emails);
    internal sealed record SetRoles(List<string>? Roles, string? Motion);
    internal sealed record UserView(string Name, IReadOnlyList<string> Roles, string? Email, bool Active);
    internal sealed record RoleView(string Name, IReadOnlyList<string> Excludes, bool Administers, bool ReadsEvidence);
    internal sealed record CreatedUser(string Name, IReadOnlyList<string> Roles, string? Email, IReadOnlyList<string> Emails, string Token);

    public static void MapUserEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/users", async (CreateUser body, HttpContext http, UserService users, CancellationToken ct) =>
        {
            var (user, token) = await users.CreateAsync(http.Caller(), body.Name, body.Roles, body.Motion, body.Email, ct, body.Emails);
            return Results.Created($"/api/users/{user.Name}", new CreatedUser(user.Name, user.Roles, user.Email, user.EmailAddresses, token));
        }).RequireAuthorization(AccessPolicies.Administers).WithSummary("Create a user (admin); the token is shown only in this answer");

        api.MapPut("/users/{name}/roles", async (string name, SetRoles body, HttpContext http, UserService users, CancellationToken ct) =>
        {
            var user = await users.SetRolesAsync(http.Caller(), name, body.Roles, body.Motion, ct);
            return Results.Ok(new UserView(user.Name, user.Roles, user.Email, user.DeactivatedAt is null));
        }).RequireAuthorization(AccessPolicies.Administers).WithSummary("Change a user's roles (admin), citing the board motion");

        api.MapGet("/users", async (AssessmentDb db, CancellationToken ct) =>
        {
            var all = await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct);
            return Results.Ok(all.Select(u => new UserView(u.Name, u.Roles, u.Email, u.DeactivatedAt is null)));
        }).RequireAuthorization(AccessPolicies.Administers).WithSummary("List users (admin)");

        api.MapGet("/roles", (RoleCatalog roles) =>
            Results.Ok(roles.All.Select(r => new RoleView(r.Name, r.Excludes, r.Administers, r.ReadsEvidence))))
            .WithSummary("The roles, from roles.md: which exclude each other, which administer, which read evidence");
    }
}
