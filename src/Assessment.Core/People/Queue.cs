using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;

namespace Assessment.Core.People;

// What waits for a person, read from the workflow documents rather than named here: an action
// the person may take that does not close the patch (a final state) unless the deadline waits
// for that close, and, for what only the author may do, only in a state where no one else can
// move the patch on (changes asked for).
internal sealed class Queue(WorkflowEngine engine, DeploymentEnvironments environments)
{
    // The states in which a patch may wait for this person: a superset, narrowed by Waiting.
    public Candidates CandidatesFor(User viewer)
    {
        var byRole = new HashSet<string>(StringComparer.Ordinal);
        var byAuthor = new HashSet<string>(StringComparer.Ordinal);
        foreach (var wf in engine.Catalog.All)
        {
            foreach (var action in QueueActions(wf))
            {
                if (action.Who.Any(viewer.HasRole))
                    byRole.UnionWith(action.From);
                else if (action.Who.Contains(Principals.Author, StringComparer.Ordinal))
                    byAuthor.UnionWith(action.From.Where(s => OnlyAuthorMovesOn(wf, s)));
            }
        }
        return new Candidates(byRole, byAuthor);
    }

    // The verbs (API.md's nextActions) by which this patch waits for this person; empty when it does not.
    public IReadOnlyList<string> Waiting(Patch patch, User viewer)
    {
        var wf = engine.For(patch);
        var waiting = QueueActions(wf)
            .Where(a => a.From.Contains(patch.State, StringComparer.Ordinal))
            .Where(a => a.Who.Any(viewer.HasRole) || OnlyAuthorMovesOn(wf, patch.State))
            .SelectMany(a => wf.Requests.Where(r => r.Action == a.Name).Select(r => ApiRequests.NextActionName(r.Name)))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return [.. PatchView.NextActionsFor(patch, viewer, engine, environments).Where(waiting.Contains)];
    }

    public IReadOnlyList<string> ProductionEnvironments =>
        [.. environments.All.Where(e => e.Kind == DeploymentEnvironments.Production).Select(e => e.Name)];

    // An action that ends the patch waits for someone only when its end is one the document's
    // deadline waits for (an emergency's blessing); ending it otherwise (withdrawing) is a choice.
    private static IEnumerable<WorkflowAction> QueueActions(WorkflowDefinition wf) =>
        wf.Actions.Where(a => a.From.Count > 0 && (!wf.IsFinal(a.To) || MeetsDeadline(wf, a.To))
            && !a.Who.Contains(Principals.System, StringComparer.Ordinal));

    private static bool MeetsDeadline(WorkflowDefinition wf, string state) =>
        wf.Deadlines.Any(d => d.MetIn.Contains(state, StringComparer.Ordinal));

    private static bool OnlyAuthorMovesOn(WorkflowDefinition wf, string state) =>
        !QueueActions(wf).Any(a => a.From.Contains(state, StringComparer.Ordinal) && !a.Who.Contains(Principals.Author, StringComparer.Ordinal));
}

// States where the person's roles let them act; states where they act as the patch's author.
internal sealed record Candidates(IReadOnlySet<string> ByRole, IReadOnlySet<string> ByAuthor);

// The principals the documents use beside roles.
internal static class Principals
{
    public const string Author = "author";
    public const string System = "system";
}
