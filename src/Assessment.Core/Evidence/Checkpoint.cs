using System.Globalization;
using System.Text;

namespace Assessment.Core.Evidence;

// A signed statement "the log had Sequence events and its head hash was Hash at At". An auditor
// who keeps one can later prove that the log was not rewritten before that point, even by
// someone able to recompute the whole hash chain.
internal sealed record SignedCheckpoint(long Sequence, string Hash, DateTimeOffset At, string KeyId, string Signature);

internal static class Checkpoint
{
    private const string Domain = "assessment-checkpoint-v1";

    public static SignedCheckpoint Sign(SigningKey key, long sequence, string hash, DateTimeOffset at)
    {
        var signature = key.Sign(SignedBytes(sequence, hash, at));
        return new SignedCheckpoint(sequence, hash, at, key.KeyId, Convert.ToBase64String(signature));
    }

    public static bool VerifySignature(SignedCheckpoint cp, string publicKeyPem)
    {
        if (!string.Equals(SigningKey.KeyIdOf(publicKeyPem), cp.KeyId, StringComparison.Ordinal)) return false;
        var signature = new byte[cp.Signature.Length];
        if (!Convert.TryFromBase64String(cp.Signature, signature, out var length)) return false;
        return SigningKey.Verify(publicKeyPem, SignedBytes(cp.Sequence, cp.Hash, cp.At), signature.AsSpan(0, length));
    }

    // Today's chain may verify by itself and still be a rewrite: the earlier checkpoint's hash
    // must still be the hash of the event at its sequence. The checkpoint's own signature is
    // checked separately (VerifySignature); this only compares positions.
    public static ChainVerification VerifyExtends(
        SignedCheckpoint earlier, ChainVerification today, Func<long, string?> hashAtSequence)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return VerifyExtends(earlier.Sequence, earlier.Hash, today, hashAtSequence);
    }

    // The same for a position known only by its sequence and hash (a query, not a kept file).
    public static ChainVerification VerifyExtends(
        long sequence, string hash, ChainVerification today, Func<long, string?> hashAtSequence)
    {
        ArgumentNullException.ThrowIfNull(today);
        ArgumentNullException.ThrowIfNull(hashAtSequence);
        if (!today.Ok) return today;
        if (sequence == 0)
        {
            // A checkpoint of the empty log is extended by every log.
            return string.Equals(hash, AuditChain.GenesisHash, StringComparison.Ordinal)
                ? today
                : Rewritten(1, $"checkpoint 0 names hash {hash}, not the genesis hash");
        }
        if (today.Events < sequence)
        {
            return Rewritten(today.Events + 1,
                $"the log has fewer events ({today.Events}) than the checkpoint ({sequence})");
        }
        var now = hashAtSequence(sequence);
        if (!string.Equals(now, hash, StringComparison.Ordinal))
        {
            return Rewritten(sequence,
                $"the log no longer extends checkpoint {sequence}: event {sequence}'s hash is now " +
                $"{now ?? "missing"}, the checkpoint says {hash}");
        }
        return today;
    }

    // Which earlier event was changed cannot be told from one hash, so the event that no longer
    // matches is reported and none counts as verified: each may be part of the rewrite.
    private static ChainVerification Rewritten(long firstBad, string detail) =>
        ChainVerification.Bad(0, firstBad, detail);

    // Ticks, not a formatted date: the same instant must give the same bytes on every machine.
    private static byte[] SignedBytes(long sequence, string hash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Domain}\n{sequence}\n{hash}\n{at.UtcTicks}"));
}
