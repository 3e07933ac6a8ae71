namespace Assessment.Core.Data;

// A record that may carry its maker's own signature (docs/evidence-format.md#action).
internal interface ISignedRecord
{
    int Id { get; }
    int PatchId { get; }

    // When the action was written: the time of its audit event, taken inside the write gate.
    DateTimeOffset At { get; set; }
    string? Signature { get; set; }
    string? SignatureKeyId { get; set; }
}

internal sealed class PatchRevision
{
    public int Id { get; set; }
    public int PatchId { get; set; }
    public int Number { get; set; }
    public required string Base { get; set; }
    public required string Head { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }

    // The change's git patch id (the diff base..head, as `git patch-id --stable` compares it).
    public string? ChangeId { get; set; }

    // The change is the previous revision's (same ChangeId): a rebase onto another base.
    public bool Rebase { get; set; }
}

internal sealed class Review : ISignedRecord
{
    public int Id { get; set; }
    public int PatchId { get; set; }
    public required string By { get; set; }
    public required string Verdict { get; set; }
    public string Comment { get; set; } = "";
    public required string Commit { get; set; }
    public int Revision { get; set; }
    public DateTimeOffset At { get; set; }

    // The person's DSSE envelope over this action (docs/evidence-format.md#action), and its key.
    public string? Signature { get; set; }
    public string? SignatureKeyId { get; set; }
}

internal sealed class TestRecord : ISignedRecord
{
    public int Id { get; set; }
    public int PatchId { get; set; }
    public required string By { get; set; }
    public required string Result { get; set; }
    public string Comment { get; set; } = "";
    public required string Commit { get; set; }
    public int Revision { get; set; }
    public DateTimeOffset At { get; set; }

    // The person's DSSE envelope over this action (docs/evidence-format.md#action), and its key.
    public string? Signature { get; set; }
    public string? SignatureKeyId { get; set; }
}

internal sealed class Deployment : ISignedRecord
{
    public int Id { get; set; }
    public int PatchId { get; set; }
    public required string Environment { get; set; }
    public required string EnvironmentKind { get; set; }
    public required string Commit { get; set; }
    public required string By { get; set; }
    public string? Witness { get; set; }
    public int Revision { get; set; }
    public bool Emergency { get; set; }

    // An emergency deployment whose commit does not contain what the environment ran before.
    public bool Rollback { get; set; }
    public DateTimeOffset At { get; set; }

    // The digest of the hand-over the deployer checked before deploying; null: none was.
    public string? HandoverDigest { get; set; }

    // The person's DSSE envelope over this action (docs/evidence-format.md#action), and its key.
    public string? Signature { get; set; }
    public string? SignatureKeyId { get; set; }
}

internal sealed class Blessing : ISignedRecord
{
    public int Id { get; set; }
    public int PatchId { get; set; }
    public required string By { get; set; }
    public string Comment { get; set; } = "";
    public required string Commit { get; set; }
    public DateTimeOffset At { get; set; }

    // Where the log stood when the blessing was written: the hand-over names it.
    public long EventSequence { get; set; }

    // The person's DSSE envelope over this action (docs/evidence-format.md#action), and its key.
    public string? Signature { get; set; }
    public string? SignatureKeyId { get; set; }
}
