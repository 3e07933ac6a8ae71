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
            <style>{{Css}}</style>
            </head>
            <body>
            <header><nav><a href="/patches" class="brand">Assessment</a> <a href="/patches">Patches</a> <a href="/workflows">Workflows</a></nav>
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

    private const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1b1b; line-height: 1.45; background: #fafafa; }
        header { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: .5rem;
                 padding: .5rem 1.5rem; background: #24364b; color: #fff; }
        header a { color: #fff; margin-right: 1rem; text-decoration: none; }
        header .brand { font-weight: 700; }
        header button { margin-left: .5rem; }
        main { max-width: 68rem; margin: 1.5rem auto; padding: 0 1.5rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; background: #fff; font-size: .95em; }
        th, td { border: 1px solid #c8c8c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eceff3; }
        table.counts { width: auto; min-width: 26rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; }
        code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
        .badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; background: #dde4ee; font-size: .85em; }
        .badge.emergency { background: #f6d7a7; }
        .badge.stale { background: #ddd; color: #555; }
        .badge.overdue { background: #b3261e; color: #fff; }
        tr.overdue td { background: #fde7e5; }
        tr.stale td { color: #777; background: #f3f3f3; }
        .count.reached { color: #1f6f2b; font-weight: 600; }
        .error { border: 2px solid #b3261e; background: #fde7e5; padding: .6rem .8rem; margin: 1rem 0; }
        .notice { border: 1px solid #1f6f2b; background: #e4f3e6; padding: .6rem .8rem; margin: 1rem 0; }
        .description { background: #fff; border: 1px solid #ddd; padding: .2rem 1rem; }
        .actions { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 1rem; }
        form.action { background: #fff; border: 1px solid #c8c8c8; padding: .6rem .9rem; }
        form.action h3 { margin: 0 0 .4rem; font-size: 1rem; }
        form.action textarea, form.action input[type=text], form.action input[type=password], form.action select { width: 100%; box-sizing: border-box; margin: .2rem 0 .5rem; }
        form.inline { display: inline; }
        form.filters { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; margin-bottom: .5rem; }
        label { display: block; }
        label.choice { display: inline; margin-right: 1rem; }
        button { padding: .25rem .8rem; cursor: pointer; }
        @media print {
          body { background: #fff; }
          header, form, .actions, .no-print { display: none !important; }
          main { max-width: none; margin: 0; }
          a { color: inherit; text-decoration: none; }
        }
        """;
}
