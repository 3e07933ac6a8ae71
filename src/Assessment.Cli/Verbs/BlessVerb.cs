namespace Assessment.Cli.Verbs;

internal static class BlessVerb
{
    public static readonly Verb Definition = new(
        "bless",
        "bless ID [--comment TEXT]",
        "Bless a tested patch for production.",
        ["comment"],
        [],
        RunAsync);

    private sealed record Request(string? Comment);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var response = await context.Api.PostAsync(PatchActions.PatchPath(id, "blessing"), new Request(args.Value("comment")), cancellationToken);
        return PatchActions.WriteOutcome(context, response, $"Blessed patch #{id}.");
    }
}
