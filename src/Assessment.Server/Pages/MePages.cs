using System.Globalization;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Input;
using Assessment.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Pages;

// The signed-in person's own credentials: their tokens (a new one shown once) and the public
// keys they sign their actions with, through the same services as /api/me/tokens and
// /api/me/keys. Open to anyone signed in, as /api/me is: a person without a role manages their
// sign-in too.
internal static class MePages
{
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["token-revoked"] = "The token was revoked: it is refused from the next request.",
        ["key"] = "The key was registered: your actions may now be signed with it.",
        ["key-revoked"] = "The key was revoked: it signs no new action; what it signed before still verifies.",
    };

    public static void MapMePages(this RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/me", (string? done, HttpContext http) =>
            ShowAsync(http, done is not null && Done.TryGetValue(done, out var text) ? [PageMessage.Notice(text)] : []))
            .WithSummary("One's own tokens and signing keys (HTML)");
        signedIn.MapPost("/me/tokens", (IFormCollection form, HttpContext http, CredentialService credentials) => ActAsync(http, async (user, ct) =>
        {
            var token = await credentials.CreateTokenAsync(user, Field(form, "name"), Days(Field(form, "expiresInDays")), ct);
            return await ShowAsync(http, [PageMessage.Notice($"Token {token.Name} created. It is shown only now: {token.Token}")], newToken: token.Token);
        })).WithSummary("Create a token of one's own (form); the token is shown once");
        signedIn.MapPost("/me/tokens/{id:int}/revocation", (int id, IFormCollection _, HttpContext http, CredentialService credentials) =>
            ActAsync(http, async (user, ct) =>
            {
                await credentials.RevokeTokenAsync(user, id, ct);
                return Redirect(http, "token-revoked");
            })).WithSummary("Revoke one of one's own tokens (form)");
        signedIn.MapPost("/me/keys", (IFormCollection form, HttpContext http, UserKeys keys) => ActAsync(http, async (user, ct) =>
        {
            await keys.RegisterAsync(user, Field(form, "publicKey"), ct);
            return Redirect(http, "key");
        })).WithSummary("Register a public key of one's own to sign actions with (form: PEM or an OpenSSH line)");
        signedIn.MapPost("/me/keys/{id}/revocation", (string id, IFormCollection _, HttpContext http, UserKeys keys) => ActAsync(http, async (user, ct) =>
        {
            await keys.RevokeAsync(user, null, id, ct);
            return Redirect(http, "key-revoked");
        })).WithSummary("Revoke one of one's own signing keys (form): refused on new actions; what it signed before still verifies");
    }

    private static string? Field(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } v ? v : null;

    private static int? Days(string? text) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw Refusal.Malformed($"expiresInDays: '{Fields.Show(text, 20)}' is not a number of days");

    // Post/Redirect/Get: a reload does not post the form again.
    private static IResult Redirect(HttpContext http, string done)
    {
        http.Response.Headers.Location = $"/me?done={done}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> ActAsync(HttpContext http, Func<User, CancellationToken, Task<IResult>> act)
    {
        try
        {
            return await act(PageAuth.Current(http), http.RequestAborted);
        }
        catch (Refusal problem)
        {
            return await ShowAsync(http, [PageMessage.Refusal(problem.Status, problem.Title, problem.Detail)], status: problem.Status);
        }
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IReadOnlyList<PageMessage> messages, int status = 200, string? newToken = null)
    {
        var user = PageAuth.Current(http);
        var ct = http.RequestAborted;
        var services = http.RequestServices;
        var tokens = (await services.GetRequiredService<CredentialService>().TokensAsync(user, ct))
            .Select(t => new TokenRow(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt)).ToList();
        var keys = (await services.GetRequiredService<UserKeys>().ListAsync(user.Name, ct))
            .Select(k => new KeyRow(k.Id, k.Algorithm, k.RegisteredAt, k.RevokedAt)).ToList();
        var certificates = await services.GetRequiredService<AssessmentDb>().Certificates.AsNoTracking().Where(c => c.UserId == user.Id)
            .OrderBy(c => c.Id).Select(c => new CertificateRow(c.Fingerprint, c.Subject, c.Issuer, c.NotAfter)).ToListAsync(ct);
        return await PageResults.PageAsync<MePage>(http, new()
        {
            ["Tokens"] = tokens, ["Keys"] = keys, ["Certificates"] = certificates, ["Items"] = messages, ["NewToken"] = newToken,
        }, status);
    }
}

public sealed record TokenRow(int Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

public sealed record KeyRow(string Id, string Algorithm, DateTimeOffset RegisteredAt, DateTimeOffset? RevokedAt);
