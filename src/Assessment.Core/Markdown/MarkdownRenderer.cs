using System.Net;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Assessment.Core.Markdown;

// One pipeline for every document Assessment renders. Markdig does not sanitise, so raw HTML
// is disabled (it comes out as text), and a link or autolink whose URL names a scheme other
// than http, https or mailto is shown as the text it was written as, never as a link.
internal static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers()
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        // Autolinks (<javascript:...>) are their own inline type, not links: both are checked.
        var unsafeLinks = document.Descendants<Inline>()
            .Where(i => i switch
            {
                LinkInline link => !IsSafeUrl(link.Url),
                AutolinkInline auto => !auto.IsEmail && !IsSafeUrl(auto.Url),
                _ => false,
            })
            .ToList();
        foreach (var inline in unsafeLinks)
        {
            inline.ReplaceBy(new LiteralInline(markdown.Substring(inline.Span.Start, inline.Span.Length)));
        }
        return document.ToHtml(Pipeline);
    }

    public static string Page(string title, string bodyHtml) =>
        $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
        body { font-family: Georgia, serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #111; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: 0.95em; }
        th, td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #eee; }
        code { font-family: Menlo, Consolas, monospace; font-size: 0.9em; }
        @media print { body { margin: 0; max-width: none; } a { color: inherit; } }
        </style>
        </head>
        <body>
        {{bodyHtml}}
        </body>
        </html>
        """;

    // Escapes text so that Markdown shows it literally (titles, names, comments in reports).
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if ("\\`*_{}[]()#+-.!|<>&~".Contains(c, StringComparison.Ordinal)) builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static readonly string[] SafeSchemes = ["http://", "https://", "mailto:"];

    // Browsers drop tabs, newlines and leading controls from a URL ("java\tscript:"), so the check
    // looks at what the browser would. A URL with a scheme (letters before a colon that comes
    // before any '/', '?' or '#') must use a safe one; a relative URL (roles.md, /patches/1,
    // #states) stays a link, but not one naming another host ("//host", "/\host").
    internal static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        var seen = new string(url.Where(c => c > ' ' && !char.IsControl(c)).ToArray());
        if (SafeSchemes.Any(s => seen.StartsWith(s, StringComparison.OrdinalIgnoreCase))) return true;
        if (seen.StartsWith("//", StringComparison.Ordinal) || seen.StartsWith("/\\", StringComparison.Ordinal)
            || seen.StartsWith('\\'))
        {
            return false;
        }
        var colon = seen.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return true;
        var delimiter = seen.IndexOfAny(['/', '?', '#', '\\']);
        return delimiter >= 0 && delimiter < colon;
    }
}
