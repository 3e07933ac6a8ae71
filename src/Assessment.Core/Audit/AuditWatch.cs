using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Audit;

// The server's own watch over its log: verified in full at start-up and on a timer, and from
// the last verified position after every AuditWatch.Every appended events and before anything
// is signed. Once broken it stays broken until restart: a log does not heal by itself, and the
// server must not sign a checkpoint, hand-over or report over it.
internal sealed class AuditWatch
{
    public const int Every = 1000;

    private readonly SemaphoreSlim _one = new(1, 1);
    private long _verifiedSequence;
    private string _verifiedHash = AuditChain.GenesisHash;
    private long _appended;

    public ChainVerification? Broken { get; private set; }

    // Set by the host: told once, when the log is first found broken (the system-log mail).
    public Func<ChainVerification, CancellationToken, Task>? OnBroken { get; set; }

    // Released once per Every appended events: the self-check waits on it beside its timer.
    public SemaphoreSlim Due { get; } = new(0);

    // AuditLog calls this per appended event (before its transaction commits, so the check that
    // follows may stop short of it; the next one covers it).
    public void NoteAppended()
    {
        if (Interlocked.Increment(ref _appended) % Every == 0) Due.Release();
    }

    public async Task<ChainVerification> CheckAsync(AssessmentDb db, bool full, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await _one.WaitAsync(ct);
        ChainVerification result;
        try
        {
            if (Broken is not null) return Broken;
            var (after, hash) = full ? (0L, AuditChain.GenesisHash) : (_verifiedSequence, _verifiedHash);
            result = await AnchorAsync(db, after, hash, ct)
                ?? await StoredChain.VerifyAsync(db, after, hash, ct);
            if (result.Ok)
            {
                _verifiedSequence = result.Events;
                _verifiedHash = result.HeadHash!;
                return result;
            }
            Broken = result;
        }
        finally
        {
            _one.Release();
        }
        if (OnBroken is { } tell) await tell(result, ct);
        return result;
    }

    // Before signing: the whole log must verify up to its head (an edit behind the last verified
    // position changes no stored hash, so only a full walk sees it; signing is rare).
    public async Task EnsureIntactAsync(AssessmentDb db, CancellationToken ct) => Refuse(await CheckAsync(db, full: true, ct));

    // Before the period report: the log as the self-check left it, walked on from its last
    // verified event (which must still carry the hash it had) to the head. The report reads a
    // month, not the log: walking a million events made each report take seconds. An edit behind
    // the last verified event is left to the full walks (start-up, the timer, every checkpoint
    // and hand-over); once one finds it, the report is refused too.
    public async Task EnsureVerifiedToHeadAsync(AssessmentDb db, CancellationToken ct) => Refuse(await CheckAsync(db, full: false, ct));

    // Before handing out what was signed earlier: a server that found its log broken vouches for
    // nothing from it any more.
    public void EnsureNotBroken()
    {
        if (Broken is { } broken) Refuse(broken);
    }

    private static void Refuse(ChainVerification result)
    {
        if (!result.Ok)
        {
            throw Refusal.Conflict(
                $"the audit log is broken at event {result.FirstBadEvent} ({result.Detail}): the server signs nothing over it");
        }
    }

    // The last verified event must still carry the hash it had: an edit behind it shows here.
    private static async Task<ChainVerification?> AnchorAsync(AssessmentDb db, long sequence, string hash, CancellationToken ct)
    {
        if (sequence == 0) return null;
        var now = await db.AuditEvents.AsNoTracking().Where(e => e.Sequence == sequence).Select(e => e.Hash).FirstOrDefaultAsync(ct);
        return string.Equals(now, hash, StringComparison.Ordinal)
            ? null
            : ChainVerification.Bad(0, sequence, $"event {sequence} changed after it was verified (hash now {now ?? "missing"})");
    }
}
