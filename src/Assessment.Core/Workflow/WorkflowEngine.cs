using Assessment.Core.Data;

namespace Assessment.Core.Workflow;

// Decides every transition from the tables of the workflow documents: who may act, in which
// state, and where the patch goes. Nothing else in the code decides a transition.
internal sealed class WorkflowEngine(WorkflowCatalog catalog)
{
    public WorkflowCatalog Catalog { get; } = catalog;

    // Assessment itself, acting on another recorded event (the principal "system" in the documents).
    public static readonly User SystemActor = new() { Name = "system", TokenHash = "-" };

    public WorkflowDefinition For(Patch patch) => Catalog.Get(patch.Kind);

    // Refuses with 403 (role, separation of duties) or 409 (state); returns the rule that allowed it.
    public WorkflowAction Authorize(WorkflowDefinition wf, Patch patch, User actor, string actionName)
    {
        var action = wf.FindAction(actionName)
            ?? throw Problem.Conflict($"the {wf.Name} workflow ({Path.GetFileName(wf.FilePath)}) has no action '{actionName}'");
        CheckPeople(wf, action, patch, actor);
        if (!action.From.Contains(patch.State, StringComparer.Ordinal))
        {
            throw Problem.Conflict(
                $"action '{action.Name}' is not allowed while patch {patch.Id} is '{patch.State}' " +
                $"({Path.GetFileName(wf.FilePath)} line {action.Line} allows it in: {string.Join(", ", action.From)})");
        }
        return action;
    }

    // For the creating actions (submit, declare), which have no patch state yet.
    public WorkflowAction AuthorizeCreate(WorkflowDefinition wf, User actor, string actionName)
    {
        var action = wf.FindAction(actionName)
            ?? throw Problem.Conflict($"the {wf.Name} workflow has no action '{actionName}'");
        if (!Allows(action, patch: null, actor))
        {
            throw Problem.Forbidden(RoleDetail(wf, action, actor));
        }
        return action;
    }

    // Where the patch goes once the action's record is part of it.
    public string NextState(WorkflowDefinition wf, Patch patch, WorkflowAction action)
    {
        if (action.MovesWhen is null) return action.To;
        var count = wf.FindCount(action.MovesWhen)!;
        return Count(wf, patch, count).Reached ? action.To : patch.State;
    }

    public CountStatus Count(WorkflowDefinition wf, Patch patch, WorkflowCount count)
    {
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in count.DistinctFrom)
        {
            excluded.UnionWith(PeopleFor(patch, wf.FindCount(other)!.OfAction));
        }
        var people = PeopleFor(patch, count.OfAction).Where(p => !excluded.Contains(p)).ToList();
        return new CountStatus(count.Name, people.Count, count.AtLeast, people);
    }

    public IReadOnlyList<CountStatus> Counts(Patch patch)
    {
        var wf = For(patch);
        return wf.Counts.Select(c => Count(wf, patch, c)).ToList();
    }

    public IReadOnlyList<string> NextActions(Patch patch, User user)
    {
        var wf = For(patch);
        return wf.Actions
            .Where(a => a.From.Contains(patch.State, StringComparer.Ordinal) && Allows(a, patch, user))
            .Select(a => ApiVerbs.ForAction(a.Name))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public bool IsOverdue(Patch patch, DateTimeOffset now)
    {
        if (patch.ReviewDeadline is not { } deadline || now < deadline) return false;
        var wf = For(patch);
        var met = wf.Deadlines.SelectMany(d => d.MetIn);
        return !met.Contains(patch.State, StringComparer.Ordinal);
    }

    // The distinct people whose current-head records of this action exist (stale ones do not count).
    private static IEnumerable<string> PeopleFor(Patch patch, string actionName) => actionName switch
    {
        "approve" => patch.Reviews
            .Where(r => r.Revision == patch.Revision && r.Verdict == Verdicts.Approve
                && string.Equals(r.Commit, patch.Head, StringComparison.Ordinal))
            .Select(r => r.By).Distinct(StringComparer.Ordinal),
        "pass" => patch.Tests
            .Where(t => t.Revision == patch.Revision && t.Result == Verdicts.Pass
                && string.Equals(t.Commit, patch.Head, StringComparison.Ordinal))
            .Select(t => t.By).Distinct(StringComparer.Ordinal),
        _ => [],
    };

    private static void CheckPeople(WorkflowDefinition wf, WorkflowAction action, Patch patch, User actor)
    {
        if (!HoldsWho(action, patch, actor))
        {
            throw Problem.Forbidden(RoleDetail(wf, action, actor));
        }
        foreach (var excluded in action.NotBy)
        {
            if (IsPrincipal(excluded, patch, actor))
            {
                throw Problem.Forbidden(
                    $"separation of duties: the {excluded} of patch {patch.Id} may not {action.Name} it " +
                    $"({Path.GetFileName(wf.FilePath)} line {action.Line})");
            }
        }
    }

    private static bool Allows(WorkflowAction action, Patch? patch, User actor) =>
        HoldsWho(action, patch, actor) && !action.NotBy.Any(x => IsPrincipal(x, patch, actor));

    private static bool HoldsWho(WorkflowAction action, Patch? patch, User actor) =>
        action.Who.Any(w => actor.HasRole(w) || IsPrincipal(w, patch, actor));

    private static bool IsPrincipal(string principal, Patch? patch, User actor) => principal switch
    {
        "author" => patch?.Author is { } a && string.Equals(a, actor.Name, StringComparison.Ordinal),
        "declarer" => patch?.DeclaredBy is { } d && string.Equals(d, actor.Name, StringComparison.Ordinal),
        "system" => ReferenceEquals(actor, SystemActor),
        _ => false,
    };

    private static string RoleDetail(WorkflowDefinition wf, WorkflowAction action, User actor) =>
        $"action '{action.Name}' may be taken by {string.Join(" or ", action.Who)} " +
        $"({Path.GetFileName(wf.FilePath)} line {action.Line}); {actor.Name} holds " +
        (actor.Roles.Count == 0 ? "no role" : string.Join(", ", actor.Roles));
}

internal sealed record CountStatus(string Name, int Have, int Need, IReadOnlyList<string> People)
{
    public bool Reached => Have >= Need;
}
