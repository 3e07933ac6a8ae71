namespace Assessment.Core.Workflow;

internal enum StateKind { Initial, Active, Final }

internal sealed record WorkflowState(string Name, StateKind Kind, string Meaning, int Line);

// From is empty for the action that creates the patch. Who holds roles or the principals
// "author" and "system"; NotBy excludes "author" or "declarer" even when they hold a role.
// MovesWhen names a count that must be reached before the patch moves to To (null: at once).
internal sealed record WorkflowAction(
    string Name,
    IReadOnlyList<string> From,
    string To,
    IReadOnlyList<string> Who,
    IReadOnlyList<string> NotBy,
    string? MovesWhen,
    int Line);

// One row of the Requests table: a request of the service (ApiRequests), the document's action
// it takes, the commit it is about, what it further requires and what it does beyond the action.
internal sealed record WorkflowRequest(
    string Name, string Action, string? Commit, IReadOnlyList<string> Requires, IReadOnlyList<string> Effects, string Label, int Line)
{
    public bool Has(string effect) => Effects.Contains(effect, StringComparer.Ordinal);
}

internal sealed record WorkflowCount(string Name, int AtLeast, string OfAction, IReadOnlyList<string> DistinctFrom, int Line);

internal sealed record WorkflowDeadline(string Name, TimeSpan Duration, string CountedFrom, IReadOnlyList<string> MetIn, int Line);

// One workflow document as loaded: its prose for people, its tables for the engine.
internal sealed record WorkflowDefinition(
    string Name,
    string FilePath,
    string Title,
    string ContentHash,
    string Markdown,
    IReadOnlyList<WorkflowState> States,
    IReadOnlyList<WorkflowAction> Actions,
    IReadOnlyList<WorkflowCount> Counts,
    IReadOnlyList<WorkflowDeadline> Deadlines)
{
    // The actions whose records a revision with an unchanged change (a rebase) keeps current
    // (the Rebase table); every other record of an earlier revision is stale.
    public IReadOnlySet<string> KeptOnRebase { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    // The Requests table: what each request of the service does under this document.
    public IReadOnlyList<WorkflowRequest> Requests { get; init; } = [];

    // The Signatures table: which actions must carry the person's own signature, and when.
    public IReadOnlyDictionary<string, SignatureRule> Signatures { get; init; } = new Dictionary<string, SignatureRule>(StringComparer.Ordinal);

    public WorkflowRequest? FindRequest(string name) =>
        Requests.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    // The document's action a recorded request took (null: this document does not take it).
    public string? ActionOf(string request) => FindRequest(request)?.Action;

    public WorkflowState InitialState => States.Single(s => s.Kind == StateKind.Initial);

    public WorkflowAction? FindAction(string name) =>
        Actions.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    public WorkflowCount? FindCount(string name) =>
        Counts.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public WorkflowState? FindState(string name) =>
        States.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    public bool IsFinal(string state) => FindState(state)?.Kind == StateKind.Final;
}
