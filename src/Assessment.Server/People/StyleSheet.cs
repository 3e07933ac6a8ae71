namespace Assessment.Server.People;

// The one style sheet, from the assembly: no inline styles for a strict CSP to refuse, and
// nothing from outside the server.
internal static class StyleSheet
{
    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = typeof(StyleSheet).Assembly.GetManifestResourceStream("site.css")
            ?? throw new InvalidOperationException("site.css is not embedded in the server");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void MapStyleSheet(this IEndpointRouteBuilder app) =>
        app.MapGet("/site.css", () => Results.Bytes(Css.Value, "text/css; charset=utf-8"))
            .WithSummary("The pages' style sheet").ExcludeFromDescription();
}
