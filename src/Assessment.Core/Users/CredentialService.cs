using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Input;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Users;

internal sealed record TokenInfo(int Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

internal sealed record NewToken(int Id, string Name, string Token, DateTimeOffset? ExpiresAt);

// Who a request is: tokens, page sessions and the deactivation that refuses both. Every
// change of who may sign in is logged; the secrets themselves are never stored or logged.
internal sealed class CredentialService(AssessmentDb db, WriteGate gate, AuditLog audit, TokenUse use, TimeProvider clock)
{
    public const int MaxExpiresInDays = 3660;

    // Every request with a bearer token asks this: compiled once, not built as LINQ each time.
    private static readonly PerModel<Func<AssessmentDb, string, CancellationToken, Task<ApiToken?>>> TokenByHash = new(() =>
        EF.CompileAsyncQuery((AssessmentDb db, string hash, CancellationToken ct) => db.Tokens.AsNoTracking().Include(t => t.User)
            .Where(t => t.Hash == hash && t.RevokedAt == null && t.User.DeactivatedAt == null)
            .FirstOrDefault()));

    // The active user a token belongs to, if the token is known, unexpired and unrevoked.
    public async Task<User?> UserByTokenAsync(string token, CancellationToken ct)
    {
        var hash = Tokens.Hash(token);
        var now = clock.GetUtcNow();
        var found = await TokenByHash.For(db)(db, hash, ct);
        if (found is null || found.ExpiresAt <= now) return null;
        // Noted in memory and written later through the write gate: a request never writes here.
        use.Note(found.Id, found.LastUsedAt, now);
        return found.User;
    }

    public async Task<User?> UserBySessionAsync(string sessionId, CancellationToken ct)
    {
        var hash = Tokens.Hash(sessionId);
        var session = await db.Sessions.AsNoTracking().Include(s => s.User)
            .Where(s => s.Hash == hash && s.EndedAt == null && s.User.DeactivatedAt == null)
            .FirstOrDefaultAsync(ct);
        return session is null || session.ExpiresAt <= clock.GetUtcNow() ? null : session.User;
    }

    public async Task<User?> UserByCertificateAsync(string fingerprint, CancellationToken ct) =>
        await db.Certificates.AsNoTracking().Include(c => c.User)
            .Where(c => c.Fingerprint == fingerprint && c.User.DeactivatedAt == null)
            .Select(c => c.User).FirstOrDefaultAsync(ct);

    // A new session for a signed-in browser; the id is returned once, for the cookie.
    public Task<string> StartSessionAsync(User user, TimeSpan lifetime, CancellationToken ct)
    {
        var id = Tokens.New();
        return gate.RunAsync(db, t =>
        {
            var now = clock.GetUtcNow();
            db.Sessions.Add(new PageSession { UserId = user.Id, Hash = Tokens.Hash(id), CreatedAt = now, ExpiresAt = now + lifetime });
            return Task.FromResult(id);
        }, ct);
    }

    public Task<int> EndSessionAsync(string sessionId, CancellationToken ct)
    {
        var hash = Tokens.Hash(sessionId);
        return gate.RunAsync(db, t =>
        {
            var now = clock.GetUtcNow();
            return db.Sessions.Where(s => s.Hash == hash && s.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), t);
        }, ct);
    }

    public async Task<NewToken> CreateTokenAsync(User user, string? name, int? expiresInDays, CancellationToken ct)
    {
        var label = Fields.Required(name, "name", Fields.TitleMax);
        if (expiresInDays is < 1 or > MaxExpiresInDays)
        {
            throw Refusal.Malformed($"expiresInDays: between 1 and {MaxExpiresInDays}, or absent for a token that does not expire");
        }
        var token = Tokens.New();
        var created = await gate.RunAsync(db, async t =>
        {
            var now = clock.GetUtcNow();
            var row = new ApiToken
            {
                UserId = user.Id, Name = label, Hash = Tokens.Hash(token), CreatedAt = now,
                ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
            };
            db.Tokens.Add(row);
            await db.SaveChangesAsync(t); // the event names the token's id
            await audit.AppendAsync(db, new AuditEntry(user.Name, "token.created",
                new { user = user.Name, id = row.Id, name = label, expiresAt = row.ExpiresAt }), t);
            return row;
        }, ct);
        return new NewToken(created.Id, created.Name, token, created.ExpiresAt);
    }

    public async Task<IReadOnlyList<TokenInfo>> TokensAsync(User user, CancellationToken ct)
    {
        var rows = await db.Tokens.AsNoTracking().Where(t => t.UserId == user.Id && t.RevokedAt == null).OrderBy(t => t.Id)
            .Select(t => new TokenInfo(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt)).ToListAsync(ct);
        return [.. rows.Select(t => t with { LastUsedAt = use.Latest(t.Id, t.LastUsedAt) })];
    }

    public Task RevokeTokenAsync(User user, int id, CancellationToken ct) => gate.RunAsync(db, async t =>
    {
        var token = await db.Tokens.FirstOrDefaultAsync(x => x.Id == id && x.UserId == user.Id && x.RevokedAt == null, t)
            ?? throw Refusal.NotFound($"token {id} is not one of {user.Name}'s tokens");
        token.RevokedAt = clock.GetUtcNow();
        await audit.AppendAsync(db, new AuditEntry(user.Name, "token.revoked", new { user = user.Name, id, name = token.Name }), t);
        return token;
    }, ct);

    public Task<int> RevokeAllTokensAsync(User admin, string name, CancellationToken ct) => gate.RunAsync(db, async t =>
    {
        var user = await FindAsync(name, t);
        var now = clock.GetUtcNow();
        var tokens = await db.Tokens.Where(x => x.UserId == user.Id && x.RevokedAt == null).ToListAsync(t);
        tokens.ForEach(x => x.RevokedAt = now);
        await audit.AppendAsync(db, new AuditEntry(admin.Name, "token.revoked",
            new { user = user.Name, ids = tokens.Select(x => x.Id), all = true }), t);
        return tokens.Count;
    }, ct);

    // Deactivation refuses the user's tokens and certificates from the next request, and ends
    // every page session; activation lets tokens and certificates work again.
    public Task<User> SetActiveAsync(User admin, string name, bool active, string? motion, CancellationToken ct)
    {
        var motionRef = Fields.Line(motion, "motion", Fields.MotionMax)
            ?? throw Refusal.Malformed("motion: the board motion that authorised this is required");
        if (string.Equals(admin.Name, name, StringComparison.Ordinal))
        {
            throw Refusal.Forbidden($"{(active ? "activation" : "deactivation")}: nobody may change their own access; ask another admin");
        }
        return gate.RunAsync(db, async t =>
        {
            var user = await FindAsync(name, t);
            var now = clock.GetUtcNow();
            if ((user.DeactivatedAt is null) == active)
            {
                throw Refusal.Conflict($"user '{user.Name}' is already {(active ? "active" : "deactivated")}");
            }
            user.DeactivatedAt = active ? null : now;
            if (!active)
            {
                await db.Sessions.Where(s => s.UserId == user.Id && s.EndedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), t);
            }
            await audit.AppendAsync(db, new AuditEntry(admin.Name, active ? "user.activated" : "user.deactivated",
                new { name = user.Name, motion = motionRef }), t);
            return user;
        }, ct);
    }

    private async Task<User> FindAsync(string name, CancellationToken ct) =>
        await db.Users.FirstOrDefaultAsync(u => u.Name == name, ct) ?? throw Refusal.NotFound($"user {Fields.Show(name)} does not exist");
}
