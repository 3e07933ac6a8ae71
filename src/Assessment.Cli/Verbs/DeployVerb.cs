using System.Text;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class DeployVerb
{
    public static readonly Verb Definition = new(
        "deploy",
        "deploy ID --env test|production|NAME [--commit SHA] [--witness USER] [--handover FILE [--repo PATH] [--key KEYFILE]]",
        """
        Record that a patch was deployed to an environment. Without --commit: to test, the
        patch's head; to production (or another environment), the commit that was blessed, or
        the head when there is no blessing. With --handover, the saved hand-over is verified
        first (as `handover verify` does, with --repo and --key) and must be about this patch;
        its commit is the one recorded, and nothing is recorded when it does not verify.
        --witness names the second person present at a production deployment (four eyes).
        """,
        ["env", "commit", "witness", "handover", "repo", "key"],
        [],
        RunAsync);

    private sealed record Request(string Environment, string Commit, string? Witness);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var environment = args.Required("env");
        string commit;
        if (args.Value("handover") is { } file)
        {
            if (await CheckHandoverAsync(context, args, file, id, cancellationToken) is not { } handedOver) return ExitCodes.Failed;
            commit = handedOver;
        }
        else if (args.Value("commit") is { Length: > 0 } given)
        {
            commit = LocalRefs.Resolve(given, context);
        }
        else
        {
            var patch = await PatchActions.GetPatchAsync(context, id, cancellationToken);
            var blessed = environment == "test" ? null : patch.Prop("blessing")?.Str("commit");
            commit = blessed ?? patch.Str("head") ?? throw new ApiException(0, $"patch #{id} has no head commit; pass --commit");
        }
        var response = await context.Api.PostAsync(PatchActions.PatchPath(id, "deployments"), new Request(environment, commit, args.Value("witness")), cancellationToken);
        context.Note($"Deployed commit {commit} of patch #{id} to {environment}.");
        return PatchActions.WriteOutcome(context, response);
    }

    // The sysadmin's check before touching production: a hand-over that does not verify, or is
    // about another patch or commit, stops the deployment here. Returns the handed-over commit.
    private static async Task<string?> CheckHandoverAsync(
        CliContext context, Arguments args, string file, long id, CancellationToken cancellationToken)
    {
        var keys = args.Value("key") is { } keyFile
            ? HandoverVerifyVerb.PublicKeys(await File.ReadAllTextAsync(keyFile, cancellationToken), keyFile)
            : HandoverVerifyVerb.PublicKeys((await context.Api.GetAsync("api/keys", cancellationToken)).Text, "GET /api/keys");
        var document = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, cancellationToken));
        var (ok, detail, predicate) = HandoverVerifyVerb.Verify(document, keys, args.Value("repo"));
        string? refusal = !ok ? $"the hand-over does not verify: {detail}"
            : predicate!.PatchId != id
                ? $"the hand-over is about patch #{predicate.PatchId}, not #{id}"
            : args.Value("commit") is { Length: > 0 } given && !predicate.Commit.StartsWith(given, StringComparison.OrdinalIgnoreCase)
                ? $"--commit {given} is not the handed-over commit {predicate.Commit}"
            : null;
        if (refusal is null) return predicate!.Commit;
        context.Error.WriteLine($"error: not deployed: {refusal}");
        return null;
    }
}
