using System.Collections.Concurrent;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.People;

// The page frame's queue count (the navigation's "my queue (N)"), kept per person and log head.
// Every page showed it, and each time judged up to 500 patches for the person. What waits for
// someone changes only with something the log records (an action, a new patch, a role change)
// or with their roles, so a count made at a head serves every page until the next event.
internal sealed class QueueCounts
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, (long Head, string Roles, int Count)> counts = new(StringComparer.Ordinal);

    public async Task<int> CountAsync(User user, AssessmentDb db, Func<Task<int>> count, CancellationToken ct)
    {
        var head = await db.AuditEvents.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        var roles = string.Join('\n', user.Roles);
        if (counts.TryGetValue(user.Name, out var known) && known.Head == head && string.Equals(known.Roles, roles, StringComparison.Ordinal))
            return known.Count;
        // Counted after the head was read: an event in between makes the next page count again.
        var n = await count();
        if (counts.Count >= Capacity) counts.Clear();
        counts[user.Name] = (head, roles, n);
        return n;
    }
}
