namespace Assessment.Cli.Verbs;

internal static class WithdrawVerb
{
    public static readonly Verb Definition = new(
        "withdraw",
        "withdraw ID [--comment TEXT]",
        "Withdraw a patch (its author or an admin).",
        ["comment"],
        [],
        RunAsync);

    private sealed record Request(string? Comment);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var response = await context.Api.PostAsync(PatchActions.PatchPath(id, "withdrawal"), new Request(args.Value("comment")), cancellationToken);
        return PatchActions.WriteOutcome(context, response, $"Withdrew patch #{id}.");
    }
}
