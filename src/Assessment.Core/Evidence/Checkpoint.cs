using Assessment.Core.Audit;
using System.Globalization;
using System.Text;

namespace Assessment.Core.Evidence;

// A signed statement "the log had Sequence events and its head hash was Hash at At". An auditor
// who keeps one can later prove that the log was not rewritten before that point, even by
// someone able to recompute the whole hash chain.
internal sealed record SignedCheckpoint(long Sequence, string Hash, DateTimeOffset At, string KeyId, string Signature)
{
    // The exact form that is signed and that a report prints, so it can be read back from any of them.
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, EvidenceJson.Options);
}

internal static class Checkpoint
{
    private const string Domain = "assessment-checkpoint-v2";
    private const string LegacyDomain = "assessment-checkpoint-v1";

    // The time is signed to the second, so its printed form (RFC 3339, "Z") is exact everywhere.
    public static SignedCheckpoint Sign(SigningKey key, long sequence, string hash, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(key);
        var utc = at.UtcDateTime;
        at = new DateTimeOffset(utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond)), TimeSpan.Zero);
        var signature = key.Sign(SignedBytes(sequence, hash, at));
        return new SignedCheckpoint(sequence, hash, at, key.KeyId, Convert.ToBase64String(signature));
    }

    public static bool VerifySignature(SignedCheckpoint cp, string publicKeyPem)
    {
        if (!string.Equals(SigningKey.KeyIdOf(publicKeyPem), cp.KeyId, StringComparison.Ordinal)) return false;
        var signature = new byte[cp.Signature.Length];
        if (!Convert.TryFromBase64String(cp.Signature, signature, out var length)) return false;
        var sig = signature.AsSpan(0, length);
        // The signed text names whole seconds: a time with a fraction is not the time that was signed.
        var wholeSecond = cp.At.UtcTicks % TimeSpan.TicksPerSecond == 0;
        return (wholeSecond && SigningKey.Verify(publicKeyPem, SignedBytes(cp.Sequence, cp.Hash, cp.At), sig))
            || SigningKey.Verify(publicKeyPem, LegacySignedBytes(cp.Sequence, cp.Hash, cp.At), sig);
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

    // docs/evidence-format.md, "Checkpoint": four lines, the time in RFC 3339 UTC to the second.
    public static byte[] SignedBytes(long sequence, string hash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Domain}\n{sequence}\n{hash}\n{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"));

    // Checkpoints signed before the format was published carried .NET ticks; kept ones still verify.
    private static byte[] LegacySignedBytes(long sequence, string hash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{LegacyDomain}\n{sequence}\n{hash}\n{at.UtcTicks}"));
}
