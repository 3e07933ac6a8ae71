namespace Assessment.Cli.Verbs;

internal static class TestVerb
{
    public static readonly Verb Definition = new(
        "test",
        "test ID --pass|--fail [--comment TEXT] [--commit SHA]",
        """
        Record a test result for a patch. Like review, it names the commit you tested: --commit,
        or else the patch's current head, fetched first.
        """,
        ["comment", "commit"],
        ["pass", "fail"],
        RunAsync);

    private sealed record Request(string Result, string? Comment, string Commit);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var result = args.OneOf("pass", "fail");
        var commit = await PatchActions.CommitLookedAtAsync(context, id, args, cancellationToken);
        var request = new Request(result, args.Value("comment"), commit);
        var response = await context.Api.PostAsync(PatchActions.PatchPath(id, "tests"), request, cancellationToken);
        context.Note($"Tested commit {commit} of patch #{id}: {result}.");
        return PatchActions.WriteOutcome(context, response);
    }
}
