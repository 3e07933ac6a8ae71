using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class SubmitVerb
{
    private sealed record Request(string Repository, string Title, string Description, string Base, string Head, string? Bug, long? Follows);

    public static Command Create()
    {
        var repo = Verb.Value("--repo", "NAME", "the controlled repository", required: true);
        var title = Verb.Value("--title", "TITLE", "one line saying what the patch does", required: true);
        var description = Verb.Value("--description", "TEXT", "the description (Markdown)");
        var descriptionFile = Verb.Value("--description-file", "FILE", "read the description from FILE (- for standard input)");
        var @base = Verb.Value("--base", "REF", "the commit the patch starts after", required: true);
        var head = Verb.Value("--head", "REF", "the patch's last commit", required: true);
        var bug = Verb.Value("--bug", "ID", "the bug-tracker entry");
        var follows = Verb.Value("--follows", "ID", "make this the remedial follow-up of emergency patch ID");
        return Verb.Create("submit", """
            Submit the commits from --base (exclusive) to --head as a patch for review. Inside a git
            checkout, local refs (branch names, HEAD~2, short shas) are resolved here to full shas;
            anything else is sent as typed and the server resolves it in the controlled repository.
            The description is Markdown; --description-file - reads it from standard input.
            --follows ID makes this the remedial follow-up of emergency patch ID.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                if (parse.GetValue(description) is not null && parse.GetValue(descriptionFile) is not null)
                    throw new UsageException("give --description or --description-file, not both");
                var text = parse.GetValue(descriptionFile) is { } file
                    ? await PatchActions.ReadTextAsync(file, cancellationToken)
                    : parse.GetValue(description) ?? "";
                var followed = parse.GetValue(follows) is { } f ? Verb.ParseId(f, "--follows") : (long?)null;
                var request = new Request(
                    Verb.Required(parse, repo),
                    Verb.Required(parse, title),
                    text,
                    LocalRefs.Resolve(Verb.Required(parse, @base), context),
                    LocalRefs.Resolve(Verb.Required(parse, head), context),
                    parse.GetValue(bug),
                    followed);
                var response = await context.Api.PostAsync("api/patches", request, cancellationToken);
                return PatchActions.WritePatch(context, response);
            }),
            repo, title, description, descriptionFile, @base, head, bug, follows);
    }
}
