namespace Assessment.Core.Data;

// The versions of the event encoding that the hash chain covers (docs/evidence-format.md).
internal static class AuditFormat
{
    public const int Legacy = 1;
    public const int Jcs = 2;
    public const int Current = Jcs;
}
