using Assessment.Core.Data;
using Assessment.Core.Users;
using Assessment.Server.Access;
using Microsoft.Extensions.Options;

namespace Assessment.Server.Pages;

// The pages' side of sign-in: the session cookie is written and ended here; who the browser
// is on each request is the session (or client certificate) authentication handler's answer.
internal static class PageAuth
{
    public const string Cookie = SessionHandler.Cookie;

    public static User? SignedIn(HttpContext http) => http.SignedIn();

    public static User Current(HttpContext http) => http.Caller();

    // A new server-side session for the browser; the cookie holds only its random id.
    public static async Task SignInAsync(HttpContext http, User user)
    {
        var hours = http.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.SessionHours;
        var id = await http.RequestServices.GetRequiredService<CredentialService>()
            .StartSessionAsync(user, TimeSpan.FromHours(Math.Clamp(hours, 1, 24 * 30)), http.RequestAborted);
        http.Response.Cookies.Append(Cookie, id, SessionHandler.CookieOptions(http));
    }

    public static async Task SignOutAsync(HttpContext http)
    {
        if (http.Request.Cookies[Cookie] is { Length: > 0 and <= 200 } id)
        {
            await http.RequestServices.GetRequiredService<CredentialService>().EndSessionAsync(id, http.RequestAborted);
        }
        http.Response.Cookies.Delete(Cookie, SessionHandler.CookieOptions(http));
    }

    // Only a path on this site: never an absolute or protocol-relative URL (no open redirect), and
    // only as the browser sends it, percent-encoded: a raw 'é' cannot go into a Location header.
    public static string LocalOr(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\'
            && !url.Contains("://", StringComparison.Ordinal) && url.All(c => c is > ' ' and < '\u007f')
            ? url
            : fallback;
}
