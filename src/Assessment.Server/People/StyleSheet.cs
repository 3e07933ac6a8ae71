namespace Assessment.Server.People;

// The one style sheet and the one script, from the assembly: no inline style or script for a
// strict CSP to refuse, and nothing from outside the server. The script only adds signing in
// the browser; every form works without it.
internal static class StyleSheet
{
    private static readonly Lazy<byte[]> Css = new(() => Resource("site.css"));
    private static readonly Lazy<byte[]> Script = new(() => Resource("sign.js"));

    public static void MapStyleSheet(this IEndpointRouteBuilder app)
    {
        app.MapGet("/site.css", () => Results.Bytes(Css.Value, "text/css; charset=utf-8"))
            .WithSummary("The pages' style sheet").ExcludeFromDescription();
        app.MapGet("/sign.js", () => Results.Bytes(Script.Value, "text/javascript; charset=utf-8"))
            .WithSummary("The patch page's script that signs an action with the person's key in the browser").ExcludeFromDescription();
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(StyleSheet).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in the server");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
