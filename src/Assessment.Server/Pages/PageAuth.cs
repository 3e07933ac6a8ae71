using Assessment.Core.Data;
using Assessment.Core.Users;

namespace Assessment.Server.Pages;

// The pages sign in with the same API token, kept in an HttpOnly, SameSite=Strict cookie and
// checked against the user table on every request (a revoked token signs the browser out).
internal sealed class PageAuth(UserService users) : IEndpointFilter
{
    public const string Cookie = "assessment_token";
    private const string Key = "assessment.page-user";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await AuthenticateAsync(http, users) is null)
        {
            if (http.Request.Cookies.ContainsKey(Cookie)) SignOut(http);
            var back = http.Request.Path + http.Request.QueryString;
            return Results.Redirect(HttpMethods.IsGet(http.Request.Method)
                ? "/login?returnUrl=" + Uri.EscapeDataString(back)
                : "/login");
        }
        return await next(context);
    }

    // The signed-in user, if the cookie holds a valid token; remembered for the request.
    public static async Task<User?> AuthenticateAsync(HttpContext http, UserService users)
    {
        if (http.Items[Key] is User known) return known;
        var token = http.Request.Cookies[Cookie];
        if (string.IsNullOrWhiteSpace(token)) return null;
        var user = await users.AuthenticateAsync(token, http.RequestAborted);
        if (user is not null) http.Items[Key] = user;
        return user;
    }

    public static User? SignedIn(HttpContext http) => http.Items[Key] as User;

    public static User Current(HttpContext http) =>
        SignedIn(http) ?? throw new InvalidOperationException("no signed-in user on this page request");

    public static void SignIn(HttpContext http, User user, string token)
    {
        http.Response.Cookies.Append(Cookie, token, Options(http));
        http.Items[Key] = user;
    }

    public static void SignOut(HttpContext http)
    {
        http.Response.Cookies.Delete(Cookie, Options(http));
        http.Items.Remove(Key);
    }

    // A session cookie: the token leaves no copy on disk when the browser closes.
    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    // Only a path on this site: never an absolute or protocol-relative URL (no open redirect), and
    // only as the browser sends it, percent-encoded: a raw 'é' cannot go into a Location header.
    public static string LocalOr(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\'
            && !url.Contains("://", StringComparison.Ordinal) && url.All(c => c is > ' ' and < '\u007f')
            ? url
            : fallback;
}
