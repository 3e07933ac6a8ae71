namespace Assessment.Core.Workflow;

// The engine's refusals in words, each citing the document line of the rule it applies.
internal static class WorkflowRefusals
{
    public static RuleCitation Cite(WorkflowDefinition wf, int line) => RuleCitation.Of(wf.FilePath, wf.Markdown, line);

    public static Refusal NoSuchRequest(WorkflowDefinition wf, string requestName) =>
        Refusal.Conflict($"the {wf.Name} workflow ({Path.GetFileName(wf.FilePath)}) takes no request '{requestName}': " +
            $"'{ApiRequests.NextActionName(requestName) ?? requestName}' is not a step of this procedure (its Requests table)");

    public static Refusal NotWho(WorkflowDefinition wf, WorkflowAction action, ActorFacts actor) =>
        Refusal.Forbidden($"action '{action.Name}' may be taken by {string.Join(" or ", action.Who)} " +
            $"({Cite(wf, action.Line)}); {actor.Name} holds " +
            (actor.Roles.Count == 0 ? "no role" : string.Join(", ", actor.Roles)), Cite(wf, action.Line));

    public static Refusal NotBy(WorkflowDefinition wf, WorkflowAction action, PatchFacts patch, ActorFacts actor, IEnumerable<string> excluded) =>
        Refusal.Forbidden(
            $"separation of duties: {actor.Name} may not {action.Name} patch {patch.Id}: {actor.Name} " +
            $"{string.Join(", ", excluded.Select(x => $"{Principal.Deed(x)} ({x})"))}; " +
            $"{Cite(wf, action.Line)}: '{action.Name}' is not by {string.Join(", ", action.NotBy)}", Cite(wf, action.Line));

    public static Refusal NotFrom(WorkflowDefinition wf, WorkflowAction action, PatchFacts patch) =>
        Refusal.Conflict(
            $"action '{action.Name}' is not allowed while patch {patch.Id} is '{patch.State}' " +
            $"({Cite(wf, action.Line)} allows it in: {string.Join(", ", action.From)})", Cite(wf, action.Line));

    public static Refusal CountsNotMet(WorkflowDefinition wf, WorkflowRequest request, WorkflowAction action, IEnumerable<CountStatus> missing) =>
        Refusal.Conflict(
            $"{action.Name}: counts not met: {string.Join(", ", missing.Select(c => $"{c.Name} {c.Have} of {c.Need}"))} " +
            $"({Cite(wf, request.Line)}: '{request.Name}' requires {string.Join(", ", request.Requires)})", Cite(wf, request.Line));
}
