using Assessment.Core.Data;
using Assessment.Core.Evidence.Personal;

namespace Assessment.Server.Endpoints;

// Personal signing keys: a person registers their own; anyone signed in reads anyone's, since
// a verifier of a hand-over needs them and a public key reveals nothing.
internal static class UserKeyEndpoints
{
    internal sealed record RegisterKey(string? PublicKey);
    internal sealed record PersonKeyEntry(string Person, string KeyId, string PublicKeyPem, DateTimeOffset RegisteredAt, DateTimeOffset? RevokedAt);

    public static void MapMeKeyEndpoints(this RouteGroupBuilder me)
    {
        me.MapPost("/keys", async (RegisterKey body, HttpContext http, UserKeys keys, CancellationToken ct) =>
        {
            var key = await keys.RegisterAsync(http.Caller(), body.PublicKey, ct);
            return TypedResults.Created($"/api/users/{Uri.EscapeDataString(http.Caller().Name)}/keys", key);
        }).WithSummary("Register a public key of the caller's (Ed25519 or ECDSA P-256; PEM or an OpenSSH line) to sign their actions with");
    }

    public static void MapUserKeyEndpoints(this RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/users/{name}/keys", async (string name, UserKeys keys, CancellationToken ct) =>
            TypedResults.Ok(await keys.ListAsync(name, ct)))
            .WithSummary("A person's registered public keys, each with when it was registered (any signed-in user)");

        // For offline verifiers (`assess keys get --out`): whose each key was, and from when.
        signedIn.MapGet("/people/keys", async (AssessmentDb db, CancellationToken ct) =>
            TypedResults.Ok((await HandoverSignatures.KeysAsync(db, ct)).Select(k => new PersonKeyEntry(
                k.Person, PersonalKey.Parse(k.PublicKeyPem, out _)?.KeyId ?? "", k.PublicKeyPem, k.RegisteredAt, k.RevokedAt))))
            .WithSummary("Every person's registered public keys, with whose and when (any signed-in user)");
    }
}
