using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class CommentVerb
{
    private sealed record Request(string Body, string? Path, int? Line, long? InReplyTo);

    public static Command Create()
    {
        var id = Verb.PatchId();
        var body = Verb.Value("--body", "TEXT", "the comment (Markdown); - reads it from standard input", required: true);
        var path = Verb.Value("--path", "PATH", "a file of the patch's diff the comment is about");
        var line = new Option<int?>("--line") { HelpName = "LINE", Description = "with --path: the line (of the new file) the comment is about" };
        var replyTo = Verb.Value("--reply-to", "COMMENT", "answer this comment (its number), in its thread");
        return Verb.Create("comment", """
            Comment on a patch, on one line of a file of its diff (--path and --line), or answer a
            comment (--reply-to). The comment is kept with the revision it was made on.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var text = Verb.Required(parse, body) is "-" ? await Console.In.ReadToEndAsync(cancellationToken) : parse.GetValue(body)!;
                if (parse.GetValue(line) is not null && parse.GetValue(path) is null)
                    throw new UsageException("--line goes with --path");
                var reply = parse.GetValue(replyTo) is { } r ? Verb.ParseId(r, "--reply-to") : (long?)null;
                var request = new Request(text, parse.GetValue(path), parse.GetValue(line), reply);
                var response = await context.Api.PostAsync(PatchActions.PatchPath(patch, "comments"), request, cancellationToken);
                if (context.Json)
                {
                    context.WriteRaw(response);
                    return ExitCodes.Ok;
                }
                var comment = response.Json;
                var where = comment.Str("path") is { } file ? $" on {file}" + (comment.Str("line") is { } l ? $" line {l}" : "") : "";
                context.Out.WriteLine($"Comment {comment.Str("id")} on patch #{patch}{where} (revision {comment.Str("revision")}).");
                return ExitCodes.Ok;
            }),
            id, body, path, line, replyTo);
    }
}
