using System.Globalization;
using Assessment.Core.Patches;
using Assessment.Core.People;
using Assessment.Core.Workflow;
using Assessment.Server.Endpoints;

namespace Assessment.Server.Pages;

// The patch list: the same query as GET /api/patches (filters, search, paging by cursor).
internal static class PatchListPages
{
    public static async Task<IResult> RenderAsync(
        string? state, string? kind, bool? overdue, string? q, string? cursor, HttpContext http, PatchList list, PatchViews views, WorkflowCatalog catalog)
    {
        var states = catalog.All.SelectMany(w => w.States.Select(s => s.Name)).Distinct(StringComparer.Ordinal).ToList();
        var kinds = catalog.All.Select(w => w.Name).ToList();
        // An unknown filter value lists nothing rather than everything; the API refuses it with 400.
        var after = int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var search = q is { Length: > 0 and <= 200 } ? q : null;
        var user = PageAuth.Current(http);
        var page = await list.PageAsync(new PatchFilter(NullIfEmpty(state), NullIfEmpty(kind), overdue, false, search, 50, after), user, http.RequestAborted);
        var data = new PatchListData
        {
            Patches = [.. page.Patches.Select(p => views.Summary(p, user))],
            States = states, Kinds = kinds, State = state, Kind = kind, Overdue = overdue == true, Query = search,
            Next = page.NextAfter is { } next ? NextLink(http.Request, next) : null,
        };
        return await PageResults.PageAsync<PatchListPage>(http, new() { ["Data"] = data });
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string NextLink(HttpRequest request, int after) =>
        "/patches?" + string.Join('&', request.Query.Where(p => p.Key != "cursor")
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"cursor={after}")));
}

public sealed class PatchListData
{
    internal IReadOnlyList<PatchView> Patches { get; init; } = null!;
    internal IReadOnlyList<string> States { get; init; } = null!;
    internal IReadOnlyList<string> Kinds { get; init; } = null!;
    internal string? State { get; init; }
    internal string? Kind { get; init; }
    internal bool Overdue { get; init; }
    internal string? Query { get; init; }
    internal string? Next { get; init; }
}
