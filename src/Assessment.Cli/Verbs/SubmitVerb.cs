using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class SubmitVerb
{
    private sealed record Request(string Repository, string Title, string Description, string Base, string Head, string? Bug, long? Follows);

    // From a GitHub pull request: the server reads title, description, base and head from GitHub.
    private sealed record PullRequestRequest(string Repository, long GitHubPullRequest, string? Title, string? Description, string? Bug, long? Follows);

    public static Command Create()
    {
        var repo = Verb.Value("--repo", "NAME", "the controlled repository", required: true);
        var title = Verb.Value("--title", "TITLE", "one line saying what the patch does (required without --github-pr)");
        var description = Verb.Value("--description", "TEXT", "the description (Markdown)");
        var descriptionFile = Verb.Value("--description-file", "FILE", "read the description from FILE (- for standard input)");
        var @base = Verb.Value("--base", "REF", "the commit the patch starts after (required without --github-pr)");
        var head = Verb.Value("--head", "REF", "the patch's last commit (required without --github-pr)");
        var pullRequest = Verb.Value("--github-pr", "N", "submit GitHub pull request N of the repository's GitHub counterpart");
        var bug = Verb.Value("--bug", "ID", "the bug-tracker entry");
        var follows = Verb.Value("--follows", "ID", "make this the remedial follow-up of emergency patch ID");
        return Verb.Create("submit", """
            Submit the commits from --base (exclusive) to --head as a patch for review. Inside a git
            checkout, local refs (branch names, HEAD~2, short shas) are resolved here to full shas;
            anything else is sent as typed and the server resolves it in the controlled repository.
            The description is Markdown; --description-file - reads it from standard input.
            --follows ID makes this the remedial follow-up of emergency patch ID.
            --github-pr N submits pull request N of the repository's GitHub counterpart: the server
            takes title, description (unless given here), base and head from GitHub.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                if (parse.GetValue(description) is not null && parse.GetValue(descriptionFile) is not null)
                    throw new UsageException("give --description or --description-file, not both");
                var text = parse.GetValue(descriptionFile) is { } file
                    ? await PatchActions.ReadTextAsync(file, cancellationToken)
                    : parse.GetValue(description) ?? "";
                var followed = parse.GetValue(follows) is { } f ? Verb.ParseId(f, "--follows") : (long?)null;
                if (parse.GetValue(pullRequest) is { } number)
                {
                    if (parse.GetValue(@base) is not null || parse.GetValue(head) is not null)
                        throw new UsageException("--base and --head come from the pull request; leave them out with --github-pr");
                    var fromGitHub = new PullRequestRequest(Verb.Required(parse, repo), Verb.ParseId(number, "--github-pr"), parse.GetValue(title),
                        parse.GetValue(description) is null && parse.GetValue(descriptionFile) is null ? null : text, parse.GetValue(bug), followed);
                    return PatchActions.WritePatch(context, await context.Api.PostAsync("api/patches", fromGitHub, cancellationToken));
                }
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
            repo, title, description, descriptionFile, @base, head, bug, follows, pullRequest);
    }
}
