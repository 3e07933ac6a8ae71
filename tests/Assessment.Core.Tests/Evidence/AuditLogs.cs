using Assessment.Core.Audit;
using Assessment.Core.Data;

namespace Assessment.Core.Tests.Evidence;

// Builds correctly chained logs, as the application would write them.
internal static class AuditLogs
{
    public static List<AuditEvent> Chain(params string[] types)
    {
        var events = types.Select((type, i) => new AuditEvent
        {
            Sequence = i + 1,
            At = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(i),
            Actor = "alice",
            Type = type,
            PatchId = 7,
            Data = "{}",
            PreviousHash = "",
            Hash = "",
        }).ToList();
        Rehash(events);
        return events;
    }

    // What someone with write access to the database could do after editing a row.
    public static void Rehash(List<AuditEvent> events)
    {
        var previous = AuditChain.GenesisHash;
        foreach (var e in events)
        {
            e.PreviousHash = previous;
            e.Hash = AuditChain.ComputeHash(e);
            previous = e.Hash;
        }
    }

    public static Func<long, string?> HashAt(List<AuditEvent> events) =>
        sequence => events.FirstOrDefault(e => e.Sequence == sequence)?.Hash;
}
