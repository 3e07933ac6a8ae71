namespace Assessment.Core.Workflow;

// Decides every transition from the tables of the workflow documents: who may act, in which
// state, where the patch goes and what counts. It judges plain facts (PatchFacts, ActorFacts)
// and returns a Decision; a refusal is a domain error (Refusal) that knows no HTTP. Nothing
// else in the code decides a transition.
internal sealed class WorkflowEngine(WorkflowCatalog catalog)
{
    public WorkflowCatalog Catalog { get; } = catalog;

    public WorkflowDefinition For(string kind) => Catalog.Get(kind);

    // Allowed, or refused: by role or separation of duties (Forbidden), by the patch's state
    // or a requirement not met (Conflict); each refusal cites its document line. The request is
    // judged on the patch as it is; where it goes and whether its record counts, on the patch
    // with the record it makes (adds; none for a request that records nothing a count takes).
    public Decision Decide(WorkflowDefinition wf, PatchFacts patch, ActorFacts actor, string requestName, RecordFact? adds = null)
    {
        if (wf.FindRequest(requestName) is not { } request) return Decision.Refuse(WorkflowRefusals.NoSuchRequest(wf, requestName));
        var action = wf.FindAction(request.Action)!;
        if (PeopleRefusal(wf, action, patch, actor) is { } refusal) return Decision.Refuse(refusal);
        if (!action.From.Contains(patch.State, StringComparer.Ordinal)) return Decision.Refuse(WorkflowRefusals.NotFrom(wf, action, patch));
        var missing = request.Requires.Select(wf.FindCount).OfType<WorkflowCount>()
            .Select(c => Count(wf, patch, c)).Where(c => !c.Reached).ToList();
        if (missing.Count > 0) return Decision.Refuse(WorkflowRefusals.CountsNotMet(wf, request, action, missing));
        var after = adds is null ? patch : patch with { Records = [.. patch.Records, adds] };
        return Decision.Allow(request, action, NextState(wf, after, action), adds is null ? null : Counted(wf, after, adds.By, action));
    }

    // For the creating requests, which have no patch yet.
    public Decision DecideCreate(WorkflowDefinition wf, ActorFacts actor, string requestName)
    {
        if (wf.FindRequest(requestName) is not { } request) return Decision.Refuse(WorkflowRefusals.NoSuchRequest(wf, requestName));
        var action = wf.FindAction(request.Action)!;
        return Allows(action, patch: null, actor) ? Decision.Allow(request, action, action.To) : Decision.Refuse(WorkflowRefusals.NotWho(wf, action, actor));
    }

    // Where the patch goes once the action's record is part of the facts.
    private string NextState(WorkflowDefinition wf, PatchFacts patch, WorkflowAction action)
    {
        if (action.MovesWhen is null) return action.To;
        var count = wf.FindCount(action.MovesWhen)!;
        return Count(wf, patch, count).Reached ? action.To : patch.State;
    }

    public CountStatus Count(WorkflowDefinition wf, PatchFacts patch, WorkflowCount count)
    {
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in count.DistinctFrom)
        {
            excluded.UnionWith(PeopleFor(wf, patch, wf.FindCount(other)!.OfAction));
        }
        var people = PeopleFor(wf, patch, count.OfAction).Where(p => !excluded.Contains(p)).ToList();
        return new CountStatus(count.Name, people.Count, count.AtLeast, people);
    }

    public IReadOnlyList<CountStatus> Counts(PatchFacts patch)
    {
        var wf = For(patch.Kind);
        return wf.Counts.Select(c => Count(wf, patch, c)).ToList();
    }

    // Whether the person's record made by this request counts for the counts of its action (the
    // people the patch page and the report name), as a decision judges it.
    public bool Counts(PatchFacts patch, string person, string request)
    {
        var wf = For(patch.Kind);
        return wf.ActionOf(request) is not { } name || Counted(wf, patch, person, wf.FindAction(name)!).Counted;
    }

    // Whether the person's record of this action counts (API.md's "counted"), and why not.
    public Counting Counted(WorkflowDefinition wf, PatchFacts patch, ActorFacts actor, WorkflowAction action) =>
        Counted(wf, patch, actor.Name, action);

    private Counting Counted(WorkflowDefinition wf, PatchFacts patch, string person, WorkflowAction action)
    {
        foreach (var count in wf.Counts.Where(c => string.Equals(c.OfAction, action.Name, StringComparison.Ordinal)))
        {
            if (Count(wf, patch, count).People.Contains(person, StringComparer.Ordinal)) continue;
            var other = count.DistinctFrom.Select(o => wf.FindCount(o)!)
                .FirstOrDefault(o => PeopleFor(wf, patch, o.OfAction).Contains(person, StringComparer.Ordinal));
            var reason = other is null
                ? $"{person}'s {action.Name} is not about the current head of patch {patch.Id}, so it does not count for {count.Name}"
                : $"{person} already counts for {other.Name}, and {count.Name} must be distinct people from {other.Name} " +
                  $"({WorkflowRefusals.Cite(wf, count.Line)}): one person counts once, so this {action.Name} is recorded but not counted";
            return new Counting(false, reason);
        }
        return new Counting(true, null);
    }

    // API.md's nextActions: the names of what the user may request now.
    public IReadOnlyList<string> NextActions(PatchFacts patch, ActorFacts actor) =>
        [.. NextRequests(patch, actor).Select(r => r.NextAction).Distinct(StringComparer.Ordinal)];

    // What the user may request now, with the document's label for it (the pages' buttons).
    public IReadOnlyList<NextRequest> NextRequests(PatchFacts patch, ActorFacts actor)
    {
        var wf = For(patch.Kind);
        var allowed = wf.Actions.Where(a => a.From.Contains(patch.State, StringComparer.Ordinal) && Allows(a, patch, actor))
            .Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return [.. wf.Requests
            .Where(r => allowed.Contains(r.Action))
            .Select(r => ApiRequests.NextActionName(r.Name) is { } next ? new NextRequest(r.Name, next, r.Label) : null)
            .OfType<NextRequest>()];
    }

    // The first role the documents allow to make the request (a demonstration's cast).
    public string RoleFor(string request) =>
        Catalog.All.Select(wf => wf.FindRequest(request) is { } r ? wf.FindAction(r.Action) : null).OfType<WorkflowAction>()
            .SelectMany(a => a.Who).First(Catalog.Roles.IsRole);

    // A role that reads the evidence and takes no action: an auditor's.
    public string ReaderRole() =>
        Catalog.Roles.All.First(r => r.ReadsEvidence && !r.Administers
            && !Catalog.All.SelectMany(wf => wf.Actions).Any(a => a.Who.Contains(r.Name, StringComparer.Ordinal))).Name;

    public bool IsOverdue(string kind, string state, DateTimeOffset? reviewDeadline, DateTimeOffset now)
    {
        if (reviewDeadline is not { } deadline || now < deadline) return false;
        var met = For(kind).Deadlines.SelectMany(d => d.MetIn);
        return !met.Contains(state, StringComparer.Ordinal);
    }

    // Whether a record still speaks about the patch as it is: made in the current revision, or
    // kept by the document's Rebase table through revisions that only moved the base.
    public static bool IsCurrent(WorkflowDefinition wf, PatchFacts patch, RecordFact record) =>
        record.Revision == patch.Revision
        || (record.Revision < patch.Revision && wf.ActionOf(record.Request) is { } action && wf.KeptOnRebase.Contains(action)
            && Enumerable.Range(record.Revision + 1, patch.Revision - record.Revision)
                .All(n => patch.Revisions.Any(r => r.Number == n && r.Rebase)));

    // After a revision: the state the records it kept reach, replayed in the order they were
    // made from where the revision put the patch. Kept approvals move it on again; a kept
    // request for changes sends it back, as it did before.
    public string Settle(WorkflowDefinition wf, PatchFacts patch)
    {
        var state = patch.State;
        var seen = new List<RecordFact>();
        foreach (var record in patch.Records.Where(r => r.Revision < patch.Revision && IsCurrent(wf, patch, r)).OrderBy(r => r.At))
        {
            seen.Add(record);
            if (wf.ActionOf(record.Request) is not { } name || wf.FindAction(name) is not { } action || !action.From.Contains(state, StringComparer.Ordinal)) continue;
            state = action.MovesWhen is not { } count ? action.To
                : Count(wf, patch with { State = state, Records = seen }, wf.FindCount(count)!).Reached ? action.To
                : state;
        }
        return state;
    }

    // The distinct people whose current records of this action exist (stale ones do not count).
    private static IEnumerable<string> PeopleFor(WorkflowDefinition wf, PatchFacts patch, string actionName) =>
        patch.Records
            .Where(r => string.Equals(wf.ActionOf(r.Request), actionName, StringComparison.Ordinal) && IsCurrent(wf, patch, r))
            .Select(r => r.By)
            .Distinct(StringComparer.Ordinal);

    private Refusal? PeopleRefusal(WorkflowDefinition wf, WorkflowAction action, PatchFacts patch, ActorFacts actor)
    {
        if (!HoldsWho(action, patch, actor)) return WorkflowRefusals.NotWho(wf, action, actor);
        var excluded = action.NotBy.Where(x => Principal.Is(x, patch, actor)).ToList();
        return excluded.Count > 0 ? WorkflowRefusals.NotBy(wf, action, patch, actor, excluded) : null;
    }

    private bool Allows(WorkflowAction action, PatchFacts? patch, ActorFacts actor) =>
        HoldsWho(action, patch, actor) && !action.NotBy.Any(x => Principal.Is(x, patch, actor));

    // Under Who a name that is a role means the role ("tester" may test); under Not by it is
    // the principal, judged on history ("tester" is whoever tested this patch).
    private bool HoldsWho(WorkflowAction action, PatchFacts? patch, ActorFacts actor) =>
        action.Who.Any(w => Catalog.Roles.IsRole(w) ? !actor.IsSystem && actor.HasRole(w) : Principal.Is(w, patch, actor));
}

internal sealed record CountStatus(string Name, int Have, int Need, IReadOnlyList<string> People)
{
    public bool Reached => Have >= Need;
}

internal sealed record Counting(bool Counted, string? Reason);

// A request the user may make now: its name (ApiRequests), API.md's nextActions name, the document's label.
internal sealed record NextRequest(string Request, string NextAction, string Label);
