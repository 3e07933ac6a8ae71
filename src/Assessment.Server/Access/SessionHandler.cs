using System.Text.Encodings.Web;
using Assessment.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Assessment.Server.Access;

// The pages' sign-in: an HttpOnly, SameSite=Strict cookie holding a random session id (never
// a token), looked up on every request, so a signed-out or deactivated user is out at once.
internal sealed class SessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CredentialService credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Session";
    public const string Cookie = "assessment_session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var id = Request.Cookies[Cookie];
        if (string.IsNullOrEmpty(id)) return AuthenticateResult.NoResult();
        var user = id.Length > 200 ? null : await credentials.UserBySessionAsync(id, Context.RequestAborted);
        if (user is null)
        {
            Response.Cookies.Delete(Cookie, CookieOptions(Context));
            return AuthenticateResult.Fail("the session has ended; sign in again");
        }
        return AuthenticateResult.Success(Principals.Ticket(Context, user, Name));
    }

    // A page asks the browser to sign in; a form post goes to the sign-in page without its body.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var back = Request.Path + Request.QueryString;
        Response.Redirect(HttpMethods.IsGet(Request.Method) ? "/login?returnUrl=" + Uri.EscapeDataString(back) : "/login");
        return Task.CompletedTask;
    }

    // A session cookie: it leaves no copy on disk when the browser closes. Secure whenever the
    // request came over HTTPS, also behind a trusted proxy (forwarded headers).
    public static CookieOptions CookieOptions(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
