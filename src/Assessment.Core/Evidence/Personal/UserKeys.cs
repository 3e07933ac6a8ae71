using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Input;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Evidence.Personal;

internal sealed record UserKeyView(
    string Id, string Algorithm, string PublicKeyPem, DateTimeOffset RegisteredAt, DateTimeOffset? RevokedAt, long Event);

internal sealed record RegisteredKey(string Id, string Algorithm);

internal sealed record RevokedKey(string Id, string User, DateTimeOffset RevokedAt, long Event);

// The public keys people sign their actions with. A key belongs to one person for good: the
// same key under two names would let one person's signature stand for another's.
internal sealed class UserKeys(AssessmentDb db, WriteGate gate, AuditLog audit, TimeProvider clock)
{
    public const string RegisteredEvent = "user.key-registered", RevokedEvent = "user.key-revoked";
    private const int KeyTextMax = 10_000;

    public async Task<RegisteredKey> RegisterAsync(User actor, string? publicKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var text = Fields.RequiredText(publicKey, "publicKey", KeyTextMax);
        var key = PersonalKey.Parse(text, out var problem) ?? throw Refusal.Malformed($"publicKey: {problem}");
        return await gate.RunAsync(db, async t =>
        {
            if (await db.UserKeys.AnyAsync(k => k.KeyId == key.KeyId, t))
            {
                throw Refusal.Conflict($"publicKey: the key {key.KeyId} is already registered");
            }
            var now = clock.GetUtcNow();
            var e = await audit.AppendAsync(db, new AuditEntry(actor.Name, RegisteredEvent,
                new { user = actor.Name, keyId = key.KeyId, algorithm = key.Algorithm, publicKeyPem = key.Pem }), t);
            db.UserKeys.Add(new UserKey
            {
                UserId = actor.Id, KeyId = key.KeyId, Algorithm = key.Algorithm, PublicKeyPem = key.Pem, RegisteredAt = now, Event = e.Sequence,
            });
            return new RegisteredKey(key.KeyId, key.Algorithm);
        }, ct);
    }

    // Revokes one of the person's keys from now on: a signature by it on a new action is refused,
    // while what it signed before stays verifiable (every verifier reads when a key was in force).
    // `owner` null: the actor's own key; otherwise an administrator revokes another person's.
    public async Task<RevokedKey> RevokeAsync(User actor, string? owner, string? keyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var id = Fields.RequiredText(keyId, "id", 64).ToLowerInvariant();
        if (id.Length != 64 || !id.All(char.IsAsciiHexDigit))
            throw Refusal.Malformed("id: a key id is the 64 hex digits of the SHA-256 of its SubjectPublicKeyInfo (GET /api/users/{name}/keys)");
        return await gate.RunAsync(db, async t =>
        {
            var user = owner is null ? actor
                : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == owner, t)
                  ?? throw Refusal.NotFound($"user '{Fields.Show(owner)}' does not exist");
            var key = await db.UserKeys.FirstOrDefaultAsync(k => k.KeyId == id && k.UserId == user.Id, t)
                ?? throw Refusal.NotFound($"id: {id} is not a key of {user.Name}'s");
            if (key.RevokedAt is { } revokedAt)
                throw Refusal.Conflict($"id: the key {id} of {user.Name}'s was revoked at {EvidenceJson.Time(revokedAt)}");
            key.RevokedAt = clock.GetUtcNow();
            var e = await audit.AppendAsync(db, new AuditEntry(actor.Name, RevokedEvent, new { user = user.Name, keyId = id }), t);
            return new RevokedKey(id, user.Name, key.RevokedAt.Value, e.Sequence);
        }, ct);
    }

    public async Task<IReadOnlyList<UserKeyView>> ListAsync(string name, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == name, ct)
            ?? throw Refusal.NotFound($"user '{Fields.Show(name)}' does not exist");
        var keys = await db.UserKeys.AsNoTracking().Where(k => k.UserId == user.Id).OrderBy(k => k.Id).ToListAsync(ct);
        return keys.Select(View).ToList();
    }

    // Every person's keys, for verifiers: who held which key, from when until when.
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<UserKeyView>>> AllAsync(AssessmentDb db, CancellationToken ct)
    {
        var rows = await db.UserKeys.AsNoTracking()
            .Join(db.Users, k => k.UserId, u => u.Id, (k, u) => new { u.Name, Key = k }).ToListAsync(ct);
        return rows.GroupBy(r => r.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<UserKeyView>)g.OrderBy(r => r.Key.Id).Select(r => View(r.Key)).ToList(), StringComparer.Ordinal);
    }

    // The person's keys in force for an action about to be recorded: its event will follow every
    // event in the log, so every key registered and not revoked (the log's order, not the clock's).
    public static async Task<List<UserKey>> InForceAsync(AssessmentDb db, int userId, CancellationToken ct) =>
        (await OfAsync(db, userId, ct)).Where(k => k.RevokedAt is null).ToList();

    // The event that revoked each revoked key, by the key's id, read from the log (a key belongs to one person for good).
    public static async Task<Dictionary<string, long>> RevocationsAsync(AssessmentDb db, CancellationToken ct)
    {
        var revoked = await db.AuditEvents.AsNoTracking().Where(e => e.Type == RevokedEvent).OrderBy(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Data }).ToListAsync(ct);
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in revoked)
        {
            using var data = System.Text.Json.JsonDocument.Parse(e.Data);
            if (data.RootElement.GetProperty("keyId").GetString() is { } keyId) found.TryAdd(keyId, e.Sequence);
        }
        return found;
    }

    public static Task<List<UserKey>> OfAsync(AssessmentDb db, int userId, CancellationToken ct) =>
        db.UserKeys.AsNoTracking().Where(k => k.UserId == userId).OrderBy(k => k.Id).ToListAsync(ct);

    private static UserKeyView View(UserKey k) => new(k.KeyId, k.Algorithm, k.PublicKeyPem, k.RegisteredAt, k.RevokedAt, k.Event);
}
