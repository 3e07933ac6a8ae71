using System.Text;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Keys;

namespace Assessment.Server.Endpoints;

// Evidence any signed-in user may check, with or without a role (API.md, access): whoever
// receives a hand-over, a release engineer or an outside auditor, checks it against the
// server's public keys without being given a part in the process.
internal static class SignedInEvidenceEndpoints
{
    public static void MapSignedInEvidenceEndpoints(this RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/keys", async (AssessmentDb db, SigningKey key, CancellationToken ct) =>
            Results.Ok(await ServerKeyRing.ListAsync(db, key, ct)))
            .WithSummary("Every key the server has signed checkpoints and hand-overs with, each with its validity period; " +
                "the one in use has \"current\": true (any signed-in user)");

        // Every key the server has used: a hand-over signed before a rotation still verifies.
        signedIn.MapPost("/handover/verify", async (HttpRequest request, AssessmentDb db, SigningKey key, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var document = await reader.ReadToEndAsync(ct);
            var result = await HandoverChecker.VerifyAsync(db, key, document, repositoryPath: null, ct);
            return Results.Ok(new { ok = result.Ok, detail = result.Detail });
        }).Accepts<object>("application/json")
          .WithSummary("Check a hand-over document, as it was returned, against the server's keys (any signed-in user)");
    }
}
