namespace Assessment.Core.Evidence.Records;

// The records check's findings, bounded: the first `listed` in the order the check met them, the
// count of all, and the earliest event any of them names. A broken seed once answered 21 MB of
// findings; the count says how many there are without listing every one.
internal sealed class RecordFindings(int listed)
{
    private readonly List<RecordCheck.Finding> first = [];

    public IReadOnlyList<RecordCheck.Finding> First => first;

    public long Total { get; private set; }

    public long? FirstEvent { get; private set; }

    public bool More => Total > first.Count;

    public void Add(RecordCheck.Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        Total++;
        if (first.Count < listed) first.Add(finding);
        if (finding.Event is { } e && (FirstEvent is null || e < FirstEvent)) FirstEvent = e;
    }
}
