using Assessment.Core.Users;
using Assessment.Server.Access;
using static Assessment.Server.Pages.Layout;

namespace Assessment.Server.Pages;

internal static class LoginPages
{
    public static void MapLoginPages(this WebApplication app)
    {
        app.MapGet("/login", (string? returnUrl, HttpContext http) => Form(http, returnUrl, error: null))
            .WithTags("Pages").WithSummary("Sign-in page with the API token");

        app.MapPost("/login", async (IFormCollection form, HttpContext http, CredentialService credentials, FailedSignIns failures) =>
        {
            var token = form["token"].ToString().Trim();
            var returnUrl = form["returnUrl"].ToString();
            var user = token.Length is 0 or > 1000 ? null : await credentials.UserByTokenAsync(token, http.RequestAborted);
            if (user is null)
            {
                if (token.Length > 0) failures.Record(http);
                return Form(http, returnUrl, Error(401, "Unauthorized",
                    token.Length == 0 ? "token: required" : "token: not valid (ask an admin for your API token)"), 401);
            }
            await PageAuth.SignInAsync(http, user);
            return Results.Redirect(PageAuth.LocalOr(returnUrl, "/patches"));
        }).WithTags("Pages").WithSummary("Sign in with an API token (form); the browser keeps a session id, not the token");

        app.MapPost("/logout", async (IFormCollection _, HttpContext http) =>
        {
            await PageAuth.SignOutAsync(http);
            return Results.Redirect("/login");
        }).WithTags("Pages").WithSummary("Sign out (form): the session ends on the server");

        app.MapGet("/logout", (HttpContext http) => Page(http, "Sign out", $"""
            <h1>Sign out</h1>
            <form method="post" action="/logout" class="action">{Antiforgery(http)}<button type="submit">Sign out</button></form>
            """)).WithTags("Pages").WithSummary("Sign-out page");
    }

    private static IResult Form(HttpContext http, string? returnUrl, string? error, int status = 200) => Page(http, "Sign in", $"""
        <h1>Sign in</h1>
        {error}
        <form method="post" action="/login" class="action" style="max-width: 28rem">
        {Antiforgery(http)}
        <input type="hidden" name="returnUrl" value="{E(PageAuth.LocalOr(returnUrl, "/patches"))}">
        <label for="token">API token</label>
        <input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
        <button type="submit">Sign in</button>
        <p><small>The token an admin gave you (the same one the <code>assess</code> command uses).</small></p>
        </form>
        """, status);
}
