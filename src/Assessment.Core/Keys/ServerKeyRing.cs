using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Keys;

internal sealed record ServerKeyView(
    string KeyId, string Algorithm, string PublicKeyPem, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, bool Current, long Event);

// Every key the server has signed with, each with its validity period. A server started with
// another key than the last one recorded rotates: the old key's period ends, the new one's
// begins, and the log says so (with the public key), in one transaction.
internal static class ServerKeyRing
{
    public const string RotatedEvent = "signing-key.rotated";

    public static async Task<bool> RecordAsync(
        AssessmentDb db, WriteGate gate, AuditLog audit, SigningKey key, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(key);
        return await gate.RunAsync(db, async t =>
        {
            var last = await db.ServerKeys.OrderByDescending(k => k.Id).FirstOrDefaultAsync(t);
            if (last is not null && string.Equals(last.KeyId, key.KeyId, StringComparison.Ordinal)) return false;
            if (await db.ServerKeys.AnyAsync(k => k.KeyId == key.KeyId, t))
            {
                throw new InvalidOperationException(
                    $"the signing key {key.KeyId} was retired on rotation; a retired key is not taken back into use");
            }
            var now = clock.GetUtcNow();
            // The first key recorded has signed everything since the log began.
            var from = last is null
                ? await db.AuditEvents.OrderBy(e => e.Sequence).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(t) ?? now
                : now;
            if (last is not null) last.ValidUntil = now;
            var e = await audit.AppendAsync(db, new AuditEntry("system", RotatedEvent,
                new { keyId = key.KeyId, algorithm = SigningKey.Algorithm, publicKeyPem = key.PublicKeyPem, previous = last?.KeyId }), t);
            db.ServerKeys.Add(new ServerKey
            {
                KeyId = key.KeyId, Algorithm = SigningKey.Algorithm, PublicKeyPem = key.PublicKeyPem, ValidFrom = from, Event = e.Sequence,
            });
            return true;
        }, ct);
    }

    public static async Task<IReadOnlyList<ServerKeyView>> ListAsync(AssessmentDb db, SigningKey current, CancellationToken ct)
    {
        var rows = await db.ServerKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
        return rows.Select(k => new ServerKeyView(k.KeyId, k.Algorithm, k.PublicKeyPem, k.ValidFrom, k.ValidUntil,
            string.Equals(k.KeyId, current.KeyId, StringComparison.Ordinal), k.Event)).ToList();
    }
}
