namespace Assessment.Core.Workflow;

// The engine's answer to a request: allowed, with the Requests row and the action it takes, or
// refused, with the rule it breaks (a Refusal citing the document and line). The caller records
// an allowed request and asks the engine where the patch goes (NextState) and what counts
// (Counted); a refused one it raises as the domain error the server maps at the edge.
internal sealed record Decision(WorkflowRequest? Request, WorkflowAction? Action, Refusal? Refusal)
{
    public bool Allowed => Refusal is null;

    public static Decision Allow(WorkflowRequest request, WorkflowAction action) => new(request, action, null);

    public static Decision Refuse(Refusal refusal) => new(null, null, refusal);

    public (WorkflowRequest Request, WorkflowAction Action) OrThrow() => Refusal is null ? (Request!, Action!) : throw Refusal;
}
