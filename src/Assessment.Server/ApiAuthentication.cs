using Assessment.Core.Data;
using Assessment.Core.Users;
using Assessment.Core.Workflow;

namespace Assessment.Server;

// Every /api call carries a bearer token; the user it belongs to rides on the request. This runs
// before routing binds a body, so an unauthenticated request learns nothing but 401.
internal static class ApiAuthentication
{
    private const string Key = "assessment.user";
    private const string Prefix = "Bearer ";

    public static void UseApiAuthentication(this WebApplication app)
    {
        // GitHub's webhook authenticates by the signature of its body instead (GitHubEndpoints).
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            && !http.Request.Path.Equals(Endpoints.GitHubEndpoints.WebhookPath, StringComparison.Ordinal), api => api.Use(async (http, next) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            User? user = null;
            if (header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                var users = http.RequestServices.GetRequiredService<UserService>();
                user = await users.AuthenticateAsync(header[Prefix.Length..].Trim(), http.RequestAborted);
            }
            if (user is null)
            {
                await Results.Problem(statusCode: 401, title: "Unauthorized",
                    detail: header.Length == 0 ? "Authorization: a 'Bearer <token>' header is required" : "Authorization: the token is not valid")
                    .ExecuteAsync(http);
                return;
            }
            http.Items[Key] = user;
            await next(http);
        }));
    }

    public static User Caller(this HttpContext http) =>
        http.Items[Key] as User ?? throw new InvalidOperationException("no authenticated user on this request");

    public static void Require(this User user, string role)
    {
        if (!user.HasRole(role))
        {
            throw Assessment.Core.Problem.Forbidden($"this action requires the role '{role}'; {user.Name} holds " +
                (user.Roles.Count == 0 ? "no role" : string.Join(", ", user.Roles)));
        }
    }

    // Managing the tool (users, roles, repositories) needs a role that roles.md says administers.
    public static void RequireAdministers(this User user, RoleCatalog roles)
    {
        if (!roles.Administers(user))
        {
            var administering = roles.All.Where(r => r.Administers).Select(r => r.Name);
            throw Assessment.Core.Problem.Forbidden(
                $"this action needs a role that administers ({string.Join(", ", administering)}; {RoleCatalog.FileName}); {user.Name} holds " +
                (user.Roles.Count == 0 ? "no role" : string.Join(", ", user.Roles)));
        }
    }
}
