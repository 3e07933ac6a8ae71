using Assessment.Core.Users;
using Assessment.Server.Access;

namespace Assessment.Server.Pages;

internal static class LoginPages
{
    public static void MapLoginPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (string? returnUrl, HttpContext http) => FormAsync(http, returnUrl, null))
            .WithTags("Pages").WithSummary("Sign-in page with the API token");

        app.MapPost("/login", async (IFormCollection form, HttpContext http, CredentialService credentials, FailedSignIns failures) =>
        {
            var token = form["token"].ToString().Trim();
            var returnUrl = form["returnUrl"].ToString();
            var user = token.Length is 0 or > 1000 ? null : await credentials.UserByTokenAsync(token, http.RequestAborted);
            if (user is null)
            {
                if (token.Length > 0) failures.Record(http);
                return await FormAsync(http, returnUrl, PageMessage.Refusal(401, "Unauthorized",
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

        app.MapGet("/logout", async Task<IResult> (HttpContext http) => await PageResults.PageAsync<LogoutPage>(http, []))
            .WithTags("Pages").WithSummary("Sign-out page");
    }

    private static async Task<IResult> FormAsync(HttpContext http, string? returnUrl, PageMessage? error, int status = 200) =>
        await PageResults.PageAsync<LoginPage>(http, new()
        {
            ["ReturnUrl"] = PageAuth.LocalOr(returnUrl, "/patches"),
            ["Items"] = error is null ? Array.Empty<PageMessage>() : new[] { error },
        }, status);
}
