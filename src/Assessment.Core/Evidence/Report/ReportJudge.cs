using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;

namespace Assessment.Core.Evidence;

// The engine's judgement of one deployed patch for the report, made once per patch: its facts,
// the people each count holds (WorkflowEngine.Counts) and whether a record of a request in a
// revision is stale. The report asks these for every review and test of every deployment of
// the month; asked of the engine each time, every question recounted the patch's records.
internal sealed class ReportJudge(Patch patch, WorkflowEngine engine)
{
    private readonly PatchFacts facts = patch.Facts();
    private readonly WorkflowDefinition wf = engine.For(patch);
    private Dictionary<string, IReadOnlyList<string>>? people;
    private readonly Dictionary<(string Request, int Revision), bool> stale = [];

    public bool IsStale(string request, int revision)
    {
        if (!stale.TryGetValue((request, revision), out var value))
            stale[(request, revision)] = value = engine.IsStale(patch, facts, request, revision);
        return value;
    }

    // As WorkflowEngine.Counts(facts, person, request): the person is among the people of every
    // count of the request's action (a request of no action counts).
    public bool Counts(string person, string request)
    {
        if (wf.ActionOf(request) is not { } action) return true;
        people ??= engine.Counts(facts).ToDictionary(c => c.Name, c => c.People, StringComparer.Ordinal);
        return wf.Counts.Where(c => string.Equals(c.OfAction, action, StringComparison.Ordinal))
            .All(c => people[c.Name].Contains(person, StringComparer.Ordinal));
    }
}
