using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace Assessment.Server.Pages;

// The one HTML shell of every page: header with the signed-in user, small CSS, print rules.
internal static class Layout
{
    public const string ContentType = "text/html; charset=utf-8";

    // Every piece of user text goes through here before it meets HTML.
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Short(string sha) => $"<code title=\"{E(sha)}\">{E(sha.Length > 12 ? sha[..12] : sha)}</code>";

    // The hidden antiforgery field for a form posted back to this site.
    public static string Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static IResult Page(HttpContext http, string title, string body, int status = 200) =>
        Results.Content(Html(http, title, body), ContentType, statusCode: status);

    public static string Html(HttpContext http, string title, string body)
    {
        var user = PageAuth.SignedIn(http);
        var who = user is null
            ? "<a href=\"/login\">Sign in</a>"
            : $"""
              <span class="who">Signed in as <strong>{E(user.Name)}</strong>
              ({E(user.Roles.Count == 0 ? "no role" : string.Join(", ", user.Roles))})</span>
              <form method="post" action="/logout" class="inline">{Antiforgery(http)}<button type="submit">Sign out</button></form>
              """;
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · Assessment</title>
            <link rel="stylesheet" href="/site.css">
            </head>
            <body>
            <header><nav><a href="/" class="brand">Assessment</a> <a href="/">My queue</a> <a href="/patches">Patches</a> <a href="/workflows">Workflows</a></nav>
            <div class="user">{{who}}</div></header>
            <main>
            {{body}}
            </main>
            </body>
            </html>
            """;
    }

    // An error from the workflow engine or a request check: status and detail, as the API gives them.
    public static string Error(int status, string title, string detail) =>
        $"<div class=\"error\" role=\"alert\"><strong>{status} {E(title)}</strong>: {E(detail)}</div>";

    public static string Notice(string text) => $"<div class=\"notice\" role=\"status\">{E(text)}</div>";
}
