namespace Assessment.Core.Evidence.Records;

// A record that counts (a review, a test, a deployment, a blessing) as the database holds it,
// with what its audit event must say: the event type, the person, the commit, the revision
// (null: the event does not name one), the verdict (a review's verdict, a test's result, a
// deployment's environment; null for a blessing or a declaration) and the signature, if any.
internal sealed record CountedRecord(
    string Kind, int Id, int PatchId, string EventType, string By, string Commit, int? Revision, string? Verdict,
    string SignedAction, string? Signature, long? EventSequence)
{
    public string Name => $"the {Kind} {Id} of patch {PatchId} by {By}" + (Verdict is null ? "" : $" ({Verdict})");
}
