using System.Collections.Concurrent;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Users;

// When each token was last used. A request only notes the time in memory; the times are
// written later through the write gate (WriteAsync, run once per Granularity), so that signing
// in never waits for the writer nor writes beside it. A token's row is written at most once
// per Granularity; a stop or crash loses at most that much of the record.
internal sealed class TokenUse
{
    public static readonly TimeSpan Granularity = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<int, DateTimeOffset> noted = new();
    private readonly ConcurrentDictionary<int, DateTimeOffset> unwritten = new();

    // stored: the time the token's row already holds.
    public void Note(int tokenId, DateTimeOffset? stored, DateTimeOffset now)
    {
        var last = noted.TryGetValue(tokenId, out var seen) && (stored is null || seen > stored) ? seen : stored;
        if (last is { } previous && now - previous < Granularity) return;
        noted[tokenId] = now;
        unwritten[tokenId] = now;
    }

    // The last use of a token as far as this server knows, written or not.
    public DateTimeOffset? Latest(int tokenId, DateTimeOffset? stored) =>
        noted.TryGetValue(tokenId, out var seen) && (stored is null || seen > stored) ? seen : stored;

    public int Unwritten => unwritten.Count;

    // Writes the noted times as one action of the write gate; returns how many rows it wrote.
    public async Task<int> WriteAsync(AssessmentDb db, WriteGate gate, CancellationToken ct)
    {
        var batch = new Dictionary<int, DateTimeOffset>();
        foreach (var id in unwritten.Keys)
        {
            if (unwritten.TryRemove(id, out var at)) batch[id] = at;
        }
        if (batch.Count == 0) return 0;
        try
        {
            return await gate.RunAsync(db, async t =>
            {
                var ids = batch.Keys.ToList();
                var rows = await db.Tokens.Where(x => ids.Contains(x.Id)).ToListAsync(t);
                foreach (var row in rows)
                {
                    if (row.LastUsedAt is null || row.LastUsedAt < batch[row.Id]) row.LastUsedAt = batch[row.Id];
                }
                return rows.Count;
            }, ct);
        }
        catch
        {
            // Not written: kept for the next attempt, unless a later use was noted meanwhile.
            foreach (var (id, at) in batch) unwritten.TryAdd(id, at);
            throw;
        }
    }
}
