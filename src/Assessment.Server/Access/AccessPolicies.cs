using System.Security.Claims;
using Assessment.Core.Workflow;
using Microsoft.AspNetCore.Authorization;

namespace Assessment.Server.Access;

// The authorization policies of the route groups. Which roles administer and which read the
// evidence is read from the roles document (workflows/roles.md), never named here.
internal static class AccessPolicies
{
    public const string SignedIn = "signed-in";          // any active user, even without a role: /api/me
    public const string Member = "member";               // holds a role of the roles document
    public const string ReadsEvidence = "reads-evidence";
    public const string Administers = "administers";
    public const string AdministersOrSelf = "administers-or-self"; // the user named in the route, or an admin

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        // Closed by default: an endpoint mapped without a policy needs a sign-in, not nothing.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        foreach (var kind in new[] { Member, ReadsEvidence, Administers, AdministersOrSelf })
        {
            options.AddPolicy(kind, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(kind)));
        }
    }

    public static IEnumerable<string> Held(ClaimsPrincipal user) => user.FindAll(ClaimTypes.Role).Select(c => c.Value);
}

internal sealed record RoleRequirement(string Kind) : IAuthorizationRequirement
{
    public bool IsMetBy(RoleCatalog roles, ClaimsPrincipal user, HttpContext? http)
    {
        var held = AccessPolicies.Held(user).ToList();
        return Kind switch
        {
            AccessPolicies.Member => held.Any(roles.IsRole),
            AccessPolicies.ReadsEvidence => roles.ReadsEvidence(held),
            AccessPolicies.Administers => roles.Administers(held),
            AccessPolicies.AdministersOrSelf => roles.Administers(held)
                || (http?.GetRouteValue("name") is string name && string.Equals(name, user.Identity?.Name, StringComparison.Ordinal)),
            _ => false,
        };
    }

    // Why a refusal: the rule and the roles of the document that would meet it.
    public string Explain(RoleCatalog roles, ClaimsPrincipal user)
    {
        var held = AccessPolicies.Held(user).ToList();
        var holds = held.Count == 0 ? "no role" : string.Join(", ", held);
        string Those(Func<RoleDefinition, bool> which) => string.Join(", ", roles.All.Where(which).Select(r => r.Name));
        var needs = Kind switch
        {
            AccessPolicies.Member => $"a role ({Those(_ => true)}); without one, only /api/me is open",
            AccessPolicies.ReadsEvidence => $"a role that reads evidence ({Those(r => r.ReadsEvidence)})",
            AccessPolicies.Administers => $"a role that administers ({Those(r => r.Administers)})",
            _ => $"to be that user, or a role that administers ({Those(r => r.Administers)})",
        };
        return $"this needs {needs}, per {RoleCatalog.FileName}; {user.Identity?.Name} holds {holds}";
    }
}

internal sealed class RoleRequirementHandler(RoleCatalog roles) : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (requirement.IsMetBy(roles, context.User, context.Resource as HttpContext)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
