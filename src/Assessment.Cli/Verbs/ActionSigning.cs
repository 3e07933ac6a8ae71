using System.Globalization;
using Assessment.Cli.Output;
using Assessment.Core.Evidence.Personal;

namespace Assessment.Cli.Verbs;

// When ASSESS_SIGNING_KEY names the person's private key file, every acting verb sends the
// person's signature of what it asks (docs/evidence-format.md#action); without it, none.
internal static class ActionSigning
{
    public const string Variable = "ASSESS_SIGNING_KEY";

    public static async Task<object?> SignAsync(
        CliContext context, long id, string action, string? verdict, string commit, CancellationToken cancellationToken)
    {
        if (Signer(context) is not { } signer) return null;
        var me = await MeAsync(context, cancellationToken);
        var patch = await PatchActions.GetPatchAsync(context, id, cancellationToken);
        var predicate = new ActionPredicate(checked((int)id), checked((int)(patch.Long("revision") ?? 0)), action, verdict, me, DateTimeOffset.UtcNow);
        return Sign(context, signer, patch.Str("repository") ?? "", commit, predicate);
    }

    // An emergency declaration creates its patch: the statement names no patch, revision 1.
    public static async Task<object?> SignDeclarationAsync(
        CliContext context, string repository, string commit, CancellationToken cancellationToken)
    {
        if (Signer(context) is not { } signer) return null;
        if (commit.Length != 40 || !commit.All(char.IsAsciiHexDigit))
        {
            throw new UsageException($"--commit: '{commit}' did not resolve in a checkout here; a signed declaration names the exact commit (40 hex)");
        }
        var me = await MeAsync(context, cancellationToken);
        var predicate = new ActionPredicate(null, 1, Assessment.Core.Workflow.ApiRequests.Declare, null, me, DateTimeOffset.UtcNow);
        return Sign(context, signer, repository, commit, predicate);
    }

    private static PersonalSigner? Signer(CliContext context)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } file) return null;
        try
        {
            return PersonalSigner.Load(Path.Combine(context.WorkingDirectory, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"{Variable}: {e.Message}");
        }
    }

    private static async Task<string> MeAsync(CliContext context, CancellationToken cancellationToken) =>
        (await context.Api.GetAsync("api/me", cancellationToken)).Json.Str("name")
            ?? throw new ApiException(0, "GET /api/me named nobody");

    private static object Sign(CliContext context, PersonalSigner signer, string repository, string commit, ActionPredicate predicate)
    {
        var envelope = ActionStatement.Sign(signer, repository, commit, predicate);
        context.Note(string.Create(CultureInfo.InvariantCulture, $"Signed with key {signer.Key.KeyId}."));
        return envelope;
    }
}
