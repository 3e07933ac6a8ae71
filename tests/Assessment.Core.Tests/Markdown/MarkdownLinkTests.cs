using Assessment.Core.Markdown;

namespace Assessment.Core.Tests.Markdown;

// A patch description is written by a developer and read by assessors: no link in it may run
// script or load another document type when clicked.
public sealed class MarkdownLinkTests
{
    [Theory]
    [InlineData("<javascript:alert(document.cookie)>")]
    [InlineData("<JavaScript:alert(1)>")]
    [InlineData("<vbscript:msgbox(1)>")]
    [InlineData("<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JAVASCRIPT:alert(1))")]
    [InlineData("[click](&#106;avascript:alert(1))")]
    [InlineData("[click](<java\tscript:alert(1)>)")]
    [InlineData("[click][x]\n\n[x]: javascript:alert(1)")]
    [InlineData("![img](javascript:alert(1))")]
    [InlineData("[click](data:text/html,<script>alert(1)</script>)")]
    [InlineData("[click](//evil.example/steal)")]
    [InlineData("[click](file:///etc/passwd)")]
    [InlineData("[click](/\\evil.example/steal)")]
    [InlineData("[click](\\\\evil.example\\share)")]
    [InlineData("[click](x-custom:open)")]
    public void Unsafe_links_are_rendered_as_text(string markdown)
    {
        var html = MarkdownRenderer.ToHtml("See " + markdown + " now.");
        Assert.DoesNotContain("<a ", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("See ", html, StringComparison.Ordinal);
        Assert.Contains(" now.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsafe_autolink_keeps_its_text_visible()
    {
        var html = MarkdownRenderer.ToHtml("<javascript:alert(1)>");
        Assert.Contains("javascript:alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<https://bugs.example.org/1251>", "href=\"https://bugs.example.org/1251\"")]
    [InlineData("[bug](http://bugs.example.org/1251)", "href=\"http://bugs.example.org/1251\"")]
    [InlineData("<mailto:board@example.org>", "href=\"mailto:board@example.org\"")]
    [InlineData("<board@example.org>", "href=\"mailto:board@example.org\"")]
    [InlineData("[regular](/workflows/regular)", "href=\"/workflows/regular\"")]
    [InlineData("[below](#counts)", "href=\"#counts\"")]
    [InlineData("[roles.md](roles.md)", "href=\"roles.md\"")]
    [InlineData("[format](../docs/evidence-format.md#events)", "href=\"../docs/evidence-format.md#events\"")]
    [InlineData("[at](notes/a.md?at=09:00)", "href=\"notes/a.md?at=09:00\"")]
    public void Safe_links_stay_links(string markdown, string expected)
    {
        Assert.Contains(expected, MarkdownRenderer.ToHtml(markdown), StringComparison.Ordinal);
    }
}
