namespace Assessment.Cli.Verbs;

internal static class EmergencyVerb
{
    public static readonly Verb Definition = new(
        "emergency",
        "emergency --repo NAME --commit REF --title TITLE --reason TEXT [--base REF] [--arbitration ID]",
        """
        Declare an emergency change that is already on production. It becomes a patch of kind
        emergency awaiting review, with a review deadline. Refs resolve locally as in submit.
        """,
        ["repo", "commit", "title", "reason", "base", "arbitration"],
        [],
        RunAsync);

    private sealed record Request(string Repository, string Commit, string? Base, string Title, string Reason, string? Arbitration);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        var request = new Request(
            args.Required("repo"),
            LocalRefs.Resolve(args.Required("commit"), context),
            args.Value("base") is { Length: > 0 } @base ? LocalRefs.Resolve(@base, context) : null,
            args.Required("title"),
            args.Required("reason"),
            args.Value("arbitration"));
        var response = await context.Api.PostAsync("api/emergencies", request, cancellationToken);
        return PatchActions.WritePatch(context, response);
    }
}
