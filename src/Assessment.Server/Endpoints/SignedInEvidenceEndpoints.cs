using System.Text;
using Assessment.Core.Evidence;

namespace Assessment.Server.Endpoints;

// Evidence any signed-in user may check, with or without a role (API.md, access): whoever
// receives a hand-over, a release engineer or an outside auditor, checks it against the
// server's public key without being given a part in the process.
internal static class SignedInEvidenceEndpoints
{
    public static void MapSignedInEvidenceEndpoints(this RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/keys", (SigningKey key) => Results.Ok(new[] { key.Info }))
            .WithSummary("The server's public signing key(s), for checkpoints and hand-overs (any signed-in user)");

        signedIn.MapPost("/handover/verify", async (HttpRequest request, SigningKey key, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var document = await reader.ReadToEndAsync(ct);
            var result = Handover.Verify(document, key.PublicKeyPem, key.KeyId, repositoryPath: null);
            return Results.Ok(new { ok = result.Ok, detail = result.Detail });
        }).Accepts<object>("application/json")
          .WithSummary("Check a hand-over document, as it was returned, against the server's key (any signed-in user)");
    }
}
