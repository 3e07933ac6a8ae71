using Assessment.Core.Users;
using Assessment.Server.Access;

namespace Assessment.Server.Endpoints;

// The caller's own sign-in (any signed-in user, also one without a role), and what an admin
// does to another user's access. Certificates: an admin, or the user for themself.
internal static class AccessEndpoints
{
    internal sealed record MeView(string Name, IReadOnlyList<string> Roles, string? Email);
    internal sealed record CreateToken(string? Name, int? ExpiresInDays);
    internal sealed record MotionRequest(string? Motion);
    internal sealed record RegisterCertificate(string? Certificate);

    public static void MapMeEndpoints(this RouteGroupBuilder me)
    {
        me.MapGet("", (HttpContext http) =>
        {
            var user = http.Caller();
            return TypedResults.Ok(new MeView(user.Name, user.Roles, user.Email));
        }).WithSummary("The calling user");

        me.MapPost("/tokens", async (CreateToken body, HttpContext http, CredentialService credentials, CancellationToken ct) =>
        {
            var token = await credentials.CreateTokenAsync(http.Caller(), body.Name, body.ExpiresInDays, ct);
            return TypedResults.Created($"/api/me/tokens/{token.Id}", token);
        }).WithSummary("A new token of the caller (shown only in this answer); several may be held, each revocable");

        me.MapGet("/tokens", async (HttpContext http, CredentialService credentials, CancellationToken ct) =>
            TypedResults.Ok(await credentials.TokensAsync(http.Caller(), ct)))
            .WithSummary("The caller's tokens: id, name, created, expiry, last use (never the token)");

        me.MapDelete("/tokens/{id:int}", async (int id, HttpContext http, CredentialService credentials, CancellationToken ct) =>
        {
            await credentials.RevokeTokenAsync(http.Caller(), id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Revoke one of the caller's tokens: it answers 401 from the next request");
    }

    public static void MapAccessEndpoints(this RouteGroupBuilder api)
    {
        api.MapDelete("/users/{name}/tokens", async (string name, HttpContext http, CredentialService credentials, CancellationToken ct) =>
        {
            await credentials.RevokeAllTokensAsync(http.Caller(), name, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AccessPolicies.Administers).WithSummary("Revoke all of a user's tokens (admin)");

        api.MapPost("/users/{name}/deactivation", (string name, MotionRequest body, HttpContext http, CredentialService credentials, CancellationToken ct) =>
            SetActiveAsync(name, false, body, http, credentials, ct))
            .RequireAuthorization(AccessPolicies.Administers)
            .WithSummary("Deactivate a user (admin, citing the motion): tokens, certificates and sessions refused from the next request");

        api.MapPost("/users/{name}/activation", (string name, MotionRequest body, HttpContext http, CredentialService credentials, CancellationToken ct) =>
            SetActiveAsync(name, true, body, http, credentials, ct))
            .RequireAuthorization(AccessPolicies.Administers).WithSummary("Activate a deactivated user again (admin, citing the motion)");

        var certificates = api.MapGroup("/users/{name}/certificates").RequireAuthorization(AccessPolicies.AdministersOrSelf);
        certificates.MapPost("", async (string name, RegisterCertificate body, HttpContext http, CertificateService service, CancellationToken ct) =>
        {
            var info = await service.RegisterAsync(http.Caller(), name, body.Certificate, ct);
            return TypedResults.Created($"/api/users/{name}/certificates/{info.Fingerprint}", info);
        }).WithSummary("Register a client certificate (PEM) of the user: SHA-256 fingerprint, subject, issuer, expiry");
        certificates.MapGet("", async (string name, CertificateService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(name, ct)))
            .WithSummary("The user's registered client certificates");
        certificates.MapDelete("/{fingerprint}", async (string name, string fingerprint, HttpContext http, CertificateService service, CancellationToken ct) =>
        {
            await service.RemoveAsync(http.Caller(), name, fingerprint, ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove a registered client certificate");
    }

    private static async Task<IResult> SetActiveAsync(
        string name, bool active, MotionRequest body, HttpContext http, CredentialService credentials, CancellationToken ct)
    {
        var user = await credentials.SetActiveAsync(http.Caller(), name, active, body.Motion, ct);
        return TypedResults.Ok(new { name = user.Name, active = user.DeactivatedAt is null });
    }
}
