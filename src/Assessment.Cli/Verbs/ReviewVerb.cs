namespace Assessment.Cli.Verbs;

internal static class ReviewVerb
{
    public static readonly Verb Definition = new(
        "review",
        "review ID --approve|--request-changes [--comment TEXT] [--commit SHA]",
        """
        Record your review of a patch. The review names the commit you looked at: --commit, or
        else the patch's current head, fetched first. If a new revision lands in between, the
        server refuses (409) and nothing is recorded.
        """,
        ["comment", "commit"],
        ["approve", "request-changes"],
        RunAsync);

    private sealed record Request(string Verdict, string? Comment, string Commit);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var verdict = args.OneOf("approve", "request-changes");
        var commit = await PatchActions.CommitLookedAtAsync(context, id, args, cancellationToken);
        var request = new Request(verdict, args.Value("comment"), commit);
        var response = await context.Api.PostAsync(PatchActions.PatchPath(id, "reviews"), request, cancellationToken);
        context.Note($"Reviewed commit {commit} of patch #{id}: {verdict}.");
        return PatchActions.WriteOutcome(context, response);
    }
}
