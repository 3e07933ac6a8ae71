using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class DeployVerb
{
    public static readonly Verb Definition = new(
        "deploy",
        "deploy ID --env test|production|NAME [--commit SHA]",
        """
        Record that a patch was deployed to an environment. Without --commit: to test, the
        patch's head; to production (or another environment), the commit that was blessed, or
        the head when there is no blessing.
        """,
        ["env", "commit"],
        [],
        RunAsync);

    private sealed record Request(string Environment, string Commit);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var environment = args.Required("env");
        string commit;
        if (args.Value("commit") is { Length: > 0 } given)
        {
            commit = LocalRefs.Resolve(given, context);
        }
        else
        {
            var patch = await PatchActions.GetPatchAsync(context, id, cancellationToken);
            var blessed = environment == "test" ? null : patch.Prop("blessing")?.Str("commit");
            commit = blessed ?? patch.Str("head") ?? throw new ApiException(0, $"patch #{id} has no head commit; pass --commit");
        }
        var response = await context.Api.PostAsync(PatchActions.PatchPath(id, "deployments"), new Request(environment, commit), cancellationToken);
        context.Note($"Deployed commit {commit} of patch #{id} to {environment}.");
        return PatchActions.WriteOutcome(context, response);
    }
}
