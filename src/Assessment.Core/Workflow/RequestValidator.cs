using System.Diagnostics.CodeAnalysis;

namespace Assessment.Core.Workflow;

// The Requests table of a loaded workflow: every request is one the service makes, takes an
// action of this document, and names only commits, counts and effects the engine knows; every
// action is taken by some request, so the document is the whole procedure.
internal static class RequestValidator
{
    public static void Validate(WorkflowDefinition workflow, int requestsLine)
    {
        // Action rows first: an edited action is refused on its own line.
        foreach (var action in workflow.Actions)
        {
            var takers = workflow.Requests.Where(r => r.Action == action.Name).ToList();
            if (takers.Count == 0)
                Fail(workflow, action.Line, $"action '{action.Name}' is taken by no request; add a row for it to the Requests table (line {requestsLine})");
            foreach (var request in takers.Where(r => ApiRequests.Creating.Contains(r.Name) != (action.From.Count == 0)))
                Fail(workflow, action.Line, ApiRequests.Creating.Contains(request.Name)
                    ? $"action '{action.Name}' is taken by request '{request.Name}', which creates a patch, so its From must be empty"
                    : $"action '{action.Name}' creates a patch (its From is empty) but request '{request.Name}' takes it; only {Known(ApiRequests.Creating)} may");
        }
        foreach (var request in workflow.Requests)
        {
            var at = $"request '{request.Name}'";
            if (!ApiRequests.All.Contains(request.Name))
                Fail(workflow, request.Line, $"unknown {at}; the service makes {Known(ApiRequests.All)}");
            if (workflow.FindAction(request.Action) is null)
                Fail(workflow, request.Line, $"{at} takes '{request.Action}', which is not an action of this workflow");
            if (request.Commit is { } commit && commit is not (ApiRequests.HeadCommit or ApiRequests.BlessedCommit))
                Fail(workflow, request.Line, $"{at} has Commit '{commit}'; write {ApiRequests.HeadCommit}, {ApiRequests.BlessedCommit} or nothing");
            foreach (var required in request.Requires.Where(r => !ApiRequests.Conditions.Contains(r) && workflow.FindCount(r) is null))
                Fail(workflow, request.Line, $"{at} requires '{required}', which is neither a count of this workflow nor one of {Known(ApiRequests.Conditions)}");
            foreach (var effect in request.Effects.Where(e => !ApiRequests.Effects.Contains(e)))
                Fail(workflow, request.Line, $"{at} has unknown Effect '{effect}'; the engine knows {Known(ApiRequests.Effects)}");
            if (request.Label.Length == 0)
                Fail(workflow, request.Line, $"{at} has no Label");
        }
        if (!workflow.Actions.Any(a => a.From.Count == 0))
            Fail(workflow, requestsLine, $"no action creates the patch: one action needs an empty From, taken by one of {Known(ApiRequests.Creating)}");
        foreach (var count in workflow.Counts.Where(c => !workflow.Requests.Any(r => r.Action == c.OfAction && ApiRequests.IsCountable(r.Name))))
            Fail(workflow, count.Line, $"count '{count.Name}' counts '{count.OfAction}', which no review or test request takes; only those records can be counted");
    }

    // Each creating request belongs to one document: that document is the kind of patch it creates.
    public static void ValidateCatalog(IReadOnlyList<WorkflowDefinition> workflows, string directory)
    {
        foreach (var creating in ApiRequests.Creating.Order(StringComparer.Ordinal))
        {
            var taking = workflows.Where(w => w.FindRequest(creating) is not null).ToList();
            if (taking.Count == 0)
                throw new WorkflowException(directory, 0, $"no workflow document takes the request '{creating}' in its Requests table");
            if (taking.Count > 1)
                Fail(taking[1], taking[1].FindRequest(creating)!.Line,
                    $"request '{creating}' is already taken by {Path.GetFileName(taking[0].FilePath)}; one document creates each kind of patch");
        }
    }

    private static string Known(IEnumerable<string> words) => string.Join(", ", words.Order(StringComparer.Ordinal).Select(w => $"'{w}'"));

    [DoesNotReturn]
    private static void Fail(WorkflowDefinition workflow, int line, string problem) =>
        throw new WorkflowException(workflow.FilePath, line, problem);
}
