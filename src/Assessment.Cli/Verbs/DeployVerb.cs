using System.CommandLine;
using System.Text;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class DeployVerb
{
    private sealed record Request(string Environment, string Commit, string? Witness, string? Handover, object? Signature);

    public static Command Create()
    {
        var id = Verb.PatchId();
        var env = Verb.Value("--env", "ENV", "test, production, or another declared environment", required: true);
        var commit = Verb.Value("--commit", "SHA", "the commit deployed (default: see above)");
        var witness = Verb.Value("--witness", "USER", "the second person present at a production deployment");
        var handover = Verb.Value("--handover", "FILE", "a saved hand-over, verified before anything is recorded");
        var repo = Verb.Value("--repo", "PATH", "with --handover: a local clone to check its commits against");
        var key = Verb.Value("--keys", "KEYFILE", "with --handover: the server's public keys (default: GET /api/keys)");
        key.Aliases.Add("--key");
        return Verb.Create("deploy", """
            Record that a patch was deployed to an environment. Without --commit: to test, the
            patch's head; to production (or another environment), the commit that was blessed, or
            the head when there is no blessing. With --handover, the saved hand-over is verified
            first (as `handover verify` does, with --repo and --keys) and must be about this patch;
            its commit and its digest are recorded, and nothing is recorded when it does not verify.
            --witness names the second person present at a production deployment (four eyes).
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var environment = Verb.Required(parse, env);
                var check = new HandoverCheck(parse.GetValue(handover), parse.GetValue(repo), parse.GetValue(key), parse.GetValue(commit));
                return await RunAsync(context, patch, environment, check, parse.GetValue(witness), cancellationToken);
            }),
            id, env, commit, witness, handover, repo, key);
    }

    private sealed record HandoverCheck(string? File, string? Repo, string? Key, string? Commit);

    private static async Task<int> RunAsync(
        CliContext context, long id, string environment, HandoverCheck args, string? witness, CancellationToken cancellationToken)
    {
        string commit;
        string? digest = null;
        if (args.File is { } file)
        {
            if (await CheckHandoverAsync(context, args, file, id, cancellationToken) is not { } handedOver) return ExitCodes.Failed;
            commit = handedOver;
            // The server records which hand-over was checked: the digest of the file's exact bytes.
            digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file, cancellationToken)));
        }
        else if (args.Commit is { Length: > 0 } given)
        {
            commit = LocalRefs.Resolve(given, context);
        }
        else
        {
            var patch = await PatchActions.GetPatchAsync(context, id, cancellationToken);
            var blessed = environment == "test" ? null : patch.Prop("blessing")?.Str("commit");
            commit = blessed ?? patch.Str("head") ?? throw new ApiException(0, $"patch #{id} has no head commit; pass --commit");
        }
        var signature = await ActionSigning.SignAsync(context, id, Assessment.Core.Workflow.ApiRequests.Deploy, environment, commit, cancellationToken);
        var response = await context.Api.PostAsync(PatchActions.PatchPath(id, "deployments"), new Request(environment, commit, witness, digest, signature), cancellationToken);
        context.Note($"Deployed commit {commit} of patch #{id} to {environment}.");
        return PatchActions.WriteOutcome(context, response);
    }

    // The sysadmin's check before touching production: a hand-over that does not verify, or is
    // about another patch or commit, stops the deployment here. Returns the handed-over commit.
    private static async Task<string?> CheckHandoverAsync(
        CliContext context, HandoverCheck args, string file, long id, CancellationToken cancellationToken)
    {
        var keyText = args.Key is { } keyFile
            ? await File.ReadAllTextAsync(keyFile, cancellationToken)
            : (await context.Api.GetAsync("api/keys", cancellationToken)).Text;
        var keys = HandoverVerifyVerb.PublicKeys(keyText, args.Key ?? "GET /api/keys");
        // The personal signatures: the people's keys, and the document versions from the log that say which were required.
        var people = HandoverVerifyVerb.PeopleKeys(args.Key is null ? (await context.Api.GetAsync("api/people/keys", cancellationToken)).Text : keyText);
        var documents = await HandoverVerifyVerb.DocumentsAsync(context, online: true, null, null, cancellationToken);
        var document = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, cancellationToken));
        var (ok, detail, predicate) = HandoverVerifyVerb.Verify(document, keys, args.Repo, people, documents);
        string? refusal = !ok ? $"the hand-over does not verify: {detail}"
            : predicate!.PatchId != id
                ? $"the hand-over is about patch #{predicate.PatchId}, not #{id}"
            : args.Commit is { Length: > 0 } given && !predicate.Commit.StartsWith(given, StringComparison.OrdinalIgnoreCase)
                ? $"--commit {given} is not the handed-over commit {predicate.Commit}"
            : null;
        if (refusal is null) return predicate!.Commit;
        context.Error.WriteLine($"error: not deployed: {refusal}");
        return null;
    }
}
