using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class DiffVerb
{
    public static Command Create()
    {
        var id = Verb.PatchId();
        var sinceReview = Verb.Flag("--since-review", "only what changed since the revision you last reviewed");
        return Verb.Create("diff", """
            The diff of a patch's current revision, file by file, as git shows it. With
            --since-review, only what changed since the revision you last reviewed. Binary and
            very large files are summarised.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var path = PatchActions.PatchPath(patch, "diff");
                if (parse.GetValue(sinceReview))
                {
                    var (reviewed, current) = await LastReviewedAsync(context, patch, cancellationToken);
                    if (reviewed == current)
                    {
                        context.Note($"You reviewed revision {current}, the current one: nothing changed since.");
                        if (context.Json) context.Out.WriteLine("""{"files":[]}""");
                        return ExitCodes.Ok;
                    }
                    context.Note($"Changes since revision {reviewed}, which you reviewed, to revision {current}:");
                    path = ApiClient.WithQuery(path, ("from", reviewed.ToString(CultureInfo.InvariantCulture)));
                }
                var response = await context.Api.GetAsync(path, cancellationToken);
                if (context.Json)
                    context.WriteRaw(response);
                else
                    Write(context.Out, response.Json);
                return ExitCodes.Ok;
            }),
            id, sinceReview);
    }

    private static async Task<(long Reviewed, long Current)> LastReviewedAsync(CliContext context, long patch, CancellationToken cancellationToken)
    {
        var me = (await context.Api.GetAsync("api/me", cancellationToken)).Json.Str("name");
        var view = await PatchActions.GetPatchAsync(context, patch, cancellationToken);
        var mine = view.Items("reviews").Where(r => r.Str("by") == me).Select(r => r.Long("revision") ?? 0).DefaultIfEmpty(0).Max();
        return mine > 0
            ? (mine, view.Long("revision") ?? 1)
            : throw new ApiException(0, $"{me} has not reviewed patch #{patch}; leave out --since-review for the whole diff");
    }

    private static void Write(TextWriter output, JsonElement diff)
    {
        var files = diff.Items("files").ToList();
        if (files.Count == 0)
        {
            output.WriteLine("no changes");
            return;
        }
        foreach (var file in files)
        {
            var name = file.Str("path");
            output.WriteLine($"diff {file.Str("oldPath") ?? name} {name}  ({file.Str("status")}, +{file.Str("additions")} -{file.Str("deletions")})");
            if (file.Bool("binary"))
                output.WriteLine("  binary file, not shown");
            else if (file.Bool("truncated"))
                output.WriteLine("  too large to show here");
            foreach (var hunk in file.Items("hunks"))
            {
                output.WriteLine(hunk.Str("header"));
                foreach (var line in hunk.Items("lines"))
                    output.WriteLine((line.Str("kind") switch { "add" => "+", "del" => "-", _ => " " }) + line.Str("text"));
            }
        }
    }
}
