using Assessment.Core.Data;
using Assessment.Core.Evidence.Personal;
using Assessment.Server.Access;

namespace Assessment.Server.Endpoints;

// Personal signing keys: a person registers their own; anyone signed in reads anyone's, since
// a verifier of a hand-over needs them and a public key reveals nothing.
internal static class UserKeyEndpoints
{
    internal sealed record RegisterKey(string? PublicKey);
    // Event and RevokedEvent: the log's events that registered and revoked the key (a key is in force between them).
    internal sealed record PersonKeyEntry(string Person, string KeyId, string PublicKeyPem, DateTimeOffset RegisteredAt, DateTimeOffset? RevokedAt,
        long? Event, long? RevokedEvent);

    public static void MapMeKeyEndpoints(this RouteGroupBuilder me)
    {
        me.MapPost("/keys", async (RegisterKey body, HttpContext http, UserKeys keys, CancellationToken ct) =>
        {
            var key = await keys.RegisterAsync(http.Caller(), body.PublicKey, ct);
            return TypedResults.Created($"/api/users/{Uri.EscapeDataString(http.Caller().Name)}/keys", key);
        }).WithSummary("Register a public key of the caller's (Ed25519 or ECDSA P-256; PEM or an OpenSSH line) to sign their actions with");

        me.MapDelete("/keys/{id}", async (string id, HttpContext http, UserKeys keys, CancellationToken ct) =>
            TypedResults.Ok(await keys.RevokeAsync(http.Caller(), null, id, ct)))
            .WithSummary("Revoke one of the caller's keys: refused on new actions from now on; what it signed before still verifies");
    }

    public static void MapUserKeyEndpoints(this RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/users/{name}/keys", async (string name, UserKeys keys, CancellationToken ct) =>
            TypedResults.Ok(await keys.ListAsync(name, ct)))
            .WithSummary("A person's registered public keys, each with when it was registered and revoked (any signed-in user)");

        signedIn.MapDelete("/users/{name}/keys/{id}", async (string name, string id, HttpContext http, UserKeys keys, CancellationToken ct) =>
            TypedResults.Ok(await keys.RevokeAsync(http.Caller(), name, id, ct)))
            .RequireAuthorization(AccessPolicies.Administers)
            .WithSummary("Revoke a person's key (admin): refused on new actions from now on; what it signed before still verifies");

        // For offline verifiers (`assess keys get --out`): whose each key was, and from when.
        signedIn.MapGet("/people/keys", async (AssessmentDb db, CancellationToken ct) =>
            TypedResults.Ok((await HandoverSignatures.KeysAsync(db, ct)).Select(k => new PersonKeyEntry(
                k.Person, PersonalKey.Parse(k.PublicKeyPem, out _)?.KeyId ?? "", k.PublicKeyPem, k.RegisteredAt, k.RevokedAt, k.Event, k.RevokedEvent))))
            .WithSummary("Every person's registered public keys, with whose and when (any signed-in user)");
    }
}
