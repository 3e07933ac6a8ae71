using Assessment.Core.Data;
using Assessment.Core.Users;

namespace Assessment.Server;

// Every /api call carries a bearer token; the user it belongs to rides on the request.
internal sealed class AuthenticationFilter(UserService users) : IEndpointFilter
{
    private const string Key = "assessment.user";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        User? user = null;
        if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            user = await users.AuthenticateAsync(header[prefix.Length..].Trim(), http.RequestAborted);
        }
        if (user is null)
        {
            return Results.Problem(statusCode: 401, title: "Unauthorized",
                detail: header.Length == 0 ? "Authorization: a 'Bearer <token>' header is required" : "Authorization: the token is not valid");
        }
        http.Items[Key] = user;
        return await next(context);
    }

    public static User CurrentUser(HttpContext http) =>
        http.Items[Key] as User ?? throw new InvalidOperationException("no authenticated user on this request");
}

internal static class HttpContextUserExtensions
{
    public static User Caller(this HttpContext http) => AuthenticationFilter.CurrentUser(http);

    public static void Require(this User user, string role)
    {
        if (!user.HasRole(role))
        {
            throw Assessment.Core.Problem.Forbidden($"this action requires the role '{role}'; {user.Name} holds " +
                (user.Roles.Count == 0 ? "no role" : string.Join(", ", user.Roles)));
        }
    }
}
