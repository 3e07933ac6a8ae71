namespace Assessment.Core.Data;

// A maintained total: for each patch, kind of record, revision, person, outcome (verdict,
// result or environment) and commit, how many such records there are and the newest one's id.
// An action reads these few rows, not the patch's history, to find the latest record of each
// person and outcome (PatchStore.LoadForActionAsync). The database keeps them: a trigger on
// each record table adds to the total in the same statement, so the same transaction, as the
// record, whatever writes it (the server, a restore, an import by hand). Never written by code.
internal sealed class RecordTotal
{
    public const string Review = "review";
    public const string Test = "test";
    public const string Deployment = "deployment";

    public int PatchId { get; set; }
    public required string Kind { get; set; }
    public int Revision { get; set; }
    public required string By { get; set; }
    public required string Outcome { get; set; }
    public required string Commit { get; set; }

    // A deployment's environment kind (production is judged on every revision); "" for the others.
    public required string Scope { get; set; }
    public int Count { get; set; }
    public int LatestId { get; set; }
}
