namespace Assessment.Core.Workflow;

// The engine's answer to a request: allowed, with the Requests row, the action it takes, the
// state the patch goes to (NextState) and, when the request makes a record that a count may
// take, whether it counts and why not (Counted); or refused, with the rule it breaks (a Refusal
// citing the document and line), which the caller raises as the domain error the server maps
// at the edge.
internal sealed record Decision(WorkflowRequest? Request, WorkflowAction? Action, Refusal? Refusal)
{
    public bool Allowed => Refusal is null;

    public string? NextState { get; init; }

    public Counting? Counted { get; init; }

    public static Decision Allow(WorkflowRequest request, WorkflowAction action, string nextState, Counting? counted = null) =>
        new(request, action, null) { NextState = nextState, Counted = counted };

    public static Decision Refuse(Refusal refusal) => new(null, null, refusal);

    public (WorkflowRequest Request, WorkflowAction Action) OrThrow() => Refusal is null ? (Request!, Action!) : throw Refusal;
}
