using System.Globalization;
using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;

namespace Assessment.Core.GitHub;

internal sealed record StatusText(string State, string Description);

// What the commit status of a patch's head says. Judged on the records and the counts of the
// workflow document, never on the names of its states: blessed (that head) is success; a review
// asking for changes or a failed test about the current revision is failure; a finished patch
// that was never blessed is failure; anything else is pending, with what is still waiting.
internal static class StatusWording
{
    public const string Context = "assessment";

    // GitHub refuses descriptions longer than this.
    private const int MaxDescription = 140;

    public static StatusText For(Patch patch, WorkflowEngine engine)
    {
        var wf = engine.For(patch);
        if (patch.Blessing is { } blessing && string.Equals(blessing.Commit, patch.Head, StringComparison.Ordinal))
        {
            return Text("success", $"blessed by {blessing.By}; {patch.State}");
        }
        // A verdict still about the code (the document's rebase rule may keep it across revisions).
        var facts = patch.Facts();
        var negative = patch.Reviews.Where(r => r.Verdict == Verdicts.RequestChanges && !engine.IsStale(patch, facts, ApiRequests.ReviewWith(r.Verdict), r.Revision))
            .Select(r => $"changes requested by {r.By}")
            .Concat(patch.Tests.Where(t => t.Result == Verdicts.Fail && !engine.IsStale(patch, facts, ApiRequests.TestWith(t.Result), t.Revision)).Select(t => $"test failed ({t.By})"))
            .ToList();
        if (negative.Count > 0) return Text("failure", string.Join("; ", negative));
        if (wf.IsFinal(patch.State)) return Text("failure", $"patch {patch.Id} is {patch.State}");
        var counts = engine.Counts(patch).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Have} of {c.Need} {c.Name}"));
        return Text("pending", $"{patch.State}: {string.Join(", ", counts)}");
    }

    private static StatusText Text(string state, string description) =>
        new(state, description.Length > MaxDescription ? description[..(MaxDescription - 1)] + "…" : description);
}
