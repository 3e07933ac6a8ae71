using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Records;
using Assessment.Core.Keys;

namespace Assessment.Server;

// A hand-over checked by the server as an outside verifier checks it (`assess handover verify`):
// against every key the server has signed with, and the people's keys and the workflow documents
// as the log records them, not as the tables say. The deploy page and POST /api/handover/verify
// both ask here; the repository's commits and tree are checked where a path is given.
internal static class HandoverChecker
{
    public static async Task<HandoverVerification> VerifyAsync(
        AssessmentDb db, SigningKey key, string document, string? repositoryPath, CancellationToken ct)
    {
        var keys = await ServerKeyRing.ListAsync(db, key, ct);
        var logged = await StoredRecords.EvidenceAsync(db, ct);
        return HandoverKeys.Verify(document, keys.Select(k => k.PublicKeyPem), repositoryPath, logged.PersonKeys(), logged.Document);
    }
}
