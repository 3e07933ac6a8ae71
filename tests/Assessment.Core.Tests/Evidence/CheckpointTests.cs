using Assessment.Core.Audit;
using Assessment.Core.Evidence;

namespace Assessment.Core.Tests.Evidence;

public sealed class CheckpointTests
{
    private static readonly DateTimeOffset At = new(2024, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Signed_checkpoint_verifies_with_its_key_only()
    {
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var cp = Checkpoint.Sign(key, 42, new string('a', 64), At);

        Assert.Equal(42, cp.Sequence);
        Assert.Equal(key.KeyId, cp.KeyId);
        Assert.True(Checkpoint.VerifySignature(cp, key.PublicKeyPem));
        Assert.False(Checkpoint.VerifySignature(cp, other.PublicKeyPem));
    }

    [Theory]
    [InlineData("sequence")]
    [InlineData("hash")]
    [InlineData("at")]
    [InlineData("signature")]
    public void Any_changed_field_breaks_the_signature(string field)
    {
        using var key = SigningKey.Generate();
        var cp = Checkpoint.Sign(key, 42, new string('a', 64), At);
        var changed = field switch
        {
            "sequence" => cp with { Sequence = 43 },
            "hash" => cp with { Hash = new string('b', 64) },
            "at" => cp with { At = At.AddTicks(1) },
            _ => cp with { Signature = "not base64!" },
        };

        Assert.False(Checkpoint.VerifySignature(changed, key.PublicKeyPem));
    }

    [Fact]
    public void Same_instant_in_another_offset_still_verifies()
    {
        using var key = SigningKey.Generate();
        var cp = Checkpoint.Sign(key, 3, new string('c', 64), At);

        Assert.True(Checkpoint.VerifySignature(cp with { At = At.ToOffset(TimeSpan.FromHours(2)) }, key.PublicKeyPem));
    }

    [Fact]
    public void A_log_that_grew_extends_the_earlier_checkpoint()
    {
        using var key = SigningKey.Generate();
        var log = AuditLogs.Chain("submit", "approve", "approve", "bless");
        var cp = Checkpoint.Sign(key, 2, log[1].Hash, At);

        var today = AuditChain.Verify(log);
        var result = Checkpoint.VerifyExtends(cp, today, AuditLogs.HashAt(log));

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(4, result.Events);
    }

    [Fact]
    public void A_rewritten_log_verifies_by_itself_but_not_against_the_checkpoint()
    {
        using var key = SigningKey.Generate();
        var log = AuditLogs.Chain("submit", "approve", "approve", "bless");
        var cp = Checkpoint.Sign(key, 3, log[2].Hash, At);
        var originalHash = log[2].Hash;

        log[0].Actor = "mallory";
        AuditLogs.Rehash(log);
        var today = AuditChain.Verify(log);
        var result = Checkpoint.VerifyExtends(cp, today, AuditLogs.HashAt(log));

        Assert.True(today.Ok);
        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadEvent);
        Assert.Equal(
            $"the log no longer extends checkpoint 3: event 3's hash is now {log[2].Hash}, the checkpoint says {originalHash}",
            result.Detail);
    }

    [Fact]
    public void A_truncated_log_does_not_extend_the_checkpoint()
    {
        using var key = SigningKey.Generate();
        var log = AuditLogs.Chain("submit", "approve", "approve", "bless");
        var cp = Checkpoint.Sign(key, 4, log[3].Hash, At);
        log.RemoveAt(3);

        var result = Checkpoint.VerifyExtends(cp, AuditChain.Verify(log), AuditLogs.HashAt(log));

        Assert.False(result.Ok);
        Assert.Equal(4, result.FirstBadEvent);
        Assert.Equal("the log has fewer events (3) than the checkpoint (4)", result.Detail);
    }

    [Fact]
    public void A_broken_chain_is_reported_as_such()
    {
        using var key = SigningKey.Generate();
        var log = AuditLogs.Chain("submit", "approve");
        var cp = Checkpoint.Sign(key, 1, log[0].Hash, At);
        log[1].Actor = "mallory";

        var result = Checkpoint.VerifyExtends(cp, AuditChain.Verify(log), AuditLogs.HashAt(log));

        Assert.False(result.Ok);
        Assert.Equal(2, result.FirstBadEvent);
        Assert.Contains("event 2 was altered", result.Detail, StringComparison.Ordinal);
    }
}
