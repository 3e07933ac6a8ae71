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
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } file) return null;
        PersonalSigner signer;
        try
        {
            signer = PersonalSigner.Load(Path.Combine(context.WorkingDirectory, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"{Variable}: {e.Message}");
        }
        var me = (await context.Api.GetAsync("api/me", cancellationToken)).Json.Str("name")
            ?? throw new ApiException(0, "GET /api/me named nobody");
        var patch = await PatchActions.GetPatchAsync(context, id, cancellationToken);
        var predicate = new ActionPredicate(checked((int)id), checked((int)(patch.Long("revision") ?? 0)), action, verdict, me, DateTimeOffset.UtcNow);
        var envelope = ActionStatement.Sign(signer, patch.Str("repository") ?? "", commit, predicate);
        context.Note(string.Create(CultureInfo.InvariantCulture, $"Signed with key {signer.Key.KeyId}."));
        return envelope;
    }
}
