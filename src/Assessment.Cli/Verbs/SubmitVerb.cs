namespace Assessment.Cli.Verbs;

internal static class SubmitVerb
{
    public static readonly Verb Definition = new(
        "submit",
        "submit --repo NAME --title TITLE --base REF --head REF [--description TEXT | --description-file FILE] [--bug ID] [--follows ID]",
        """
        Submit the commits from --base (exclusive) to --head as a patch for review. Inside a git
        checkout, local refs (branch names, HEAD~2, short shas) are resolved here to full shas;
        anything else is sent as typed and the server resolves it in the controlled repository.
        The description is Markdown; --description-file - reads it from standard input.
        --follows ID makes this the remedial follow-up of emergency patch ID.
        """,
        ["repo", "title", "description", "description-file", "base", "head", "bug", "follows"],
        [],
        RunAsync);

    private sealed record Request(string Repository, string Title, string Description, string Base, string Head, string? Bug, long? Follows);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        if (args.Value("description") is not null && args.Value("description-file") is not null)
            throw new UsageException("give --description or --description-file, not both");
        var description = args.Value("description-file") is { } file
            ? await PatchActions.ReadTextAsync(file, cancellationToken)
            : args.Value("description") ?? "";
        var follows = args.Value("follows") is { } f ? Arguments.ParseId(f, "--follows") : (long?)null;

        var request = new Request(
            args.Required("repo"),
            args.Required("title"),
            description,
            LocalRefs.Resolve(args.Required("base"), context),
            LocalRefs.Resolve(args.Required("head"), context),
            args.Value("bug"),
            follows);
        var response = await context.Api.PostAsync("api/patches", request, cancellationToken);
        return PatchActions.WritePatch(context, response);
    }
}
