namespace Assessment.Cli.Verbs;

internal static class ShowVerb
{
    public static readonly Verb Definition = new(
        "show",
        "show ID",
        """
        Show a patch: its state, commits, reviews, tests and deployments (records made for an
        earlier revision are marked stale), its blessing, and what you may do next.
        """,
        [],
        [],
        RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var response = await context.Api.GetAsync(PatchActions.PatchPath(id), cancellationToken);
        return PatchActions.WritePatch(context, response);
    }
}
