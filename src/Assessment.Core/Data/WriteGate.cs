namespace Assessment.Core.Data;

// Every state change runs through here, one after the other, each decided on the state the
// one before it left. Actions that arrive while a group is being written wait and then go
// together: one transaction and one commit (one fsync) for the group, each action in its own
// savepoint so that a failing one changes nothing and does not take the others down, and each
// caller answered only once the whole group is durable (group commit).
internal sealed class WriteGate
{
    // Enough to amortise the fsync; small enough that the first caller is not kept long.
    public const int MaxGroup = 64;

    private static readonly AsyncLocal<GateMember?> Running = new();
    private readonly Lock sync = new();
    private readonly Queue<GateMember> waiting = new();
    private bool leading;
    private long groups;
    private long actions;

    // How many are waiting for the next group, and what has been written so far (tests, benchmarks).
    public int Waiting
    {
        get { lock (sync) return waiting.Count; }
    }

    public (long Groups, long Actions) Written => (Interlocked.Read(ref groups), Interlocked.Read(ref actions));

    public Task<T> RunAsync<T>(AssessmentDb db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        if (Running.Value is { } outer)
        {
            // A write inside a write (an idempotent request runs its whole endpoint in the gate):
            // part of the same action, in the same savepoint.
            if (!ReferenceEquals(outer.Db, db)) throw new InvalidOperationException("a write inside the gate must use the same context");
            return InlineAsync(db, work, ct);
        }
        var member = new GateMember<T>(db, work, ct);
        bool lead;
        lock (sync)
        {
            waiting.Enqueue(member);
            lead = !leading;
            leading = true;
        }
        if (lead) _ = Task.Run(LeadAsync, CancellationToken.None);
        return member.Task;
    }

    internal static bool InsideGate => Running.Value is not null;

    private static async Task<T> InlineAsync<T>(AssessmentDb db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var result = await work(ct);
        await db.SaveChangesAsync(ct);
        return result;
    }

    // One leader at a time writes the groups, until no one is waiting.
    private async Task LeadAsync()
    {
        while (true)
        {
            var group = new List<GateMember>();
            lock (sync)
            {
                while (group.Count < MaxGroup && waiting.TryDequeue(out var next)) group.Add(next);
                if (group.Count == 0)
                {
                    leading = false;
                    return;
                }
            }
            try
            {
                await WriteGroup.RunAsync(group, Running);
            }
            catch (Exception e)
            {
                // A group that cannot even be undone (its contexts gone at shutdown) fails its
                // callers; the leader goes on, or every later write would wait for ever.
                foreach (var member in group) member.Fail(e);
            }
            Interlocked.Increment(ref groups);
            Interlocked.Add(ref actions, group.Count);
        }
    }
}
