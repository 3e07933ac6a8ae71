using Assessment.Core.Evidence.Personal;

namespace Assessment.Server.Endpoints;

// Personal signing keys: a person registers their own; anyone signed in reads anyone's, since
// a verifier of a hand-over needs them and a public key reveals nothing.
internal static class UserKeyEndpoints
{
    internal sealed record RegisterKey(string? PublicKey);

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
    }
}
