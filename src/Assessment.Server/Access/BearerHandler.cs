using System.Text.Encodings.Web;
using Assessment.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Assessment.Server.Access;

// "Authorization: Bearer <token>": a token that is unknown, expired, revoked or of a
// deactivated user fails, and counts against the caller's address.
internal sealed class BearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    CredentialService credentials, FailedSignIns failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Bearer";
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length > 1000)
        {
            failures.Record(Context);
            return AuthenticateResult.Fail("Authorization: expected 'Bearer <token>'");
        }
        var user = await credentials.UserByTokenAsync(header[Prefix.Length..].Trim(), Context.RequestAborted);
        if (user is null)
        {
            failures.Record(Context);
            return AuthenticateResult.Fail("Authorization: the token is not valid (unknown, expired or revoked, or its user is deactivated)");
        }
        return AuthenticateResult.Success(Principals.Ticket(Context, user, Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = Name;
        await Problems.WriteAsync(Context, 401, "Unauthorized",
            result.Failure?.Message ?? "Authorization: a 'Bearer <token>' header (or a registered client certificate) is required");
    }
}
