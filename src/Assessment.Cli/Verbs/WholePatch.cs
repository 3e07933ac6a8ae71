using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assessment.Cli.Verbs;

// GET /api/patches/{id} pages a patch's records (Link: rel="next"); `show` prints them all, so
// it follows the pages and appends each page's records to the first answer.
internal static class WholePatch
{
    private static readonly string[] Records = ["reviews", "tests", "deployments", "revisions"];

    public static async Task<ApiResponse> GetAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var first = await context.Api.GetAsync(path, cancellationToken);
        if (first.Next is null)
            return first;
        var whole = JsonNode.Parse(first.Content)!.AsObject();
        for (var next = first.Next; next is not null;)
        {
            var page = await context.Api.GetAsync(next, cancellationToken);
            var records = JsonNode.Parse(page.Content)!.AsObject();
            foreach (var name in Records)
            {
                if (whole[name] is JsonArray all && records[name] is JsonArray more)
                {
                    foreach (var record in more.ToList())
                    {
                        more.Remove(record);
                        all.Add(record);
                    }
                }
            }
            next = page.Next;
        }
        return first with { Content = JsonSerializer.SerializeToUtf8Bytes(whole), Next = null };
    }
}
