namespace Assessment.Cli.Verbs;

internal static class ReviseVerb
{
    public static readonly Verb Definition = new(
        "revise",
        "revise ID --head REF",
        """
        Give a patch a new revision ending at --head (resolved locally as in submit). Reviews and
        tests of earlier revisions become stale.
        """,
        ["head"],
        [],
        RunAsync);

    private sealed record Request(string Head);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var request = new Request(LocalRefs.Resolve(args.Required("head"), context));
        var response = await context.Api.PostAsync(PatchActions.PatchPath(id, "revisions"), request, cancellationToken);
        var answer = response.JsonOrDefault();
        if (!context.Json && Output.PatchView.IsPatch(answer))
            return PatchActions.WritePatch(context, response);
        return PatchActions.WriteOutcome(context, response, $"Patch #{id} revised: head is now {request.Head}.");
    }
}
