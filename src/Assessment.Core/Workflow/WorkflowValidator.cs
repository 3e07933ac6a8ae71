using System.Diagnostics.CodeAnalysis;

namespace Assessment.Core.Workflow;

// The cross-references of a loaded workflow: every name a table uses must mean something to
// the engine, and the state graph must let every patch get where the document says it can.
internal static class WorkflowValidator
{
    public static void Validate(WorkflowDefinition workflow, int statesLine, int actionsLine, RoleCatalog roles)
    {
        var initial = CheckStates(workflow, statesLine);
        CheckActions(workflow, initial, actionsLine, roles);
        CheckCounts(workflow);
        CheckDeadlines(workflow);
        foreach (var kept in workflow.KeptOnRebase.Where(k => workflow.FindAction(k) is null))
            Fail(workflow, actionsLine, $"the Rebase table keeps '{kept}', which is not an action of this workflow");
        CheckReachable(workflow, initial);
    }

    private static WorkflowState CheckStates(WorkflowDefinition workflow, int statesLine)
    {
        WorkflowState? initial = null;
        foreach (var state in workflow.States.Where(s => s.Kind == StateKind.Initial))
        {
            if (initial is not null)
                Fail(workflow, state.Line, $"state '{state.Name}' is a second initial state; '{initial.Name}' is already initial");
            initial = state;
        }
        return initial ?? throw new WorkflowException(workflow.FilePath, statesLine, "no state is of kind 'initial'");
    }

    private static void CheckActions(WorkflowDefinition workflow, WorkflowState initial, int actionsLine, RoleCatalog roles)
    {
        WorkflowAction? creating = null;
        foreach (var action in workflow.Actions)
        {
            var at = $"action '{action.Name}'";
            if (action.From.Count == 0)
            {
                if (creating is not null)
                    Fail(workflow, action.Line, $"{at} is a second creating action (its From is empty); '{creating.Name}' already creates the patch");
                creating = action;
            }

            foreach (var from in action.From)
            {
                var state = workflow.FindState(from);
                if (state is null)
                    Fail(workflow, action.Line, $"{at} names unknown state '{from}' under From");
                // A final state ends the patch; an action out of it would reopen a closed record.
                else if (state.Kind == StateKind.Final)
                    Fail(workflow, action.Line, $"{at} names final state '{from}' under From; nothing may leave a final state");
            }
            if (workflow.FindState(action.To) is null)
                Fail(workflow, action.Line, $"{at} names unknown state '{action.To}' under To");
            if (creating == action && !string.Equals(action.To, initial.Name, StringComparison.Ordinal))
                Fail(workflow, action.Line, $"{at} creates the patch, so its To must be the initial state '{initial.Name}', not '{action.To}'");

            if (action.Who.Count == 0)
                Fail(workflow, action.Line, $"{at} allows no one (Who is empty)");
            foreach (var who in action.Who.Where(w => !roles.IsRole(w) && !WorkflowVocabulary.Principals.Contains(w)))
                Fail(workflow, action.Line, $"{at} names unknown role or principal '{who}' under Who");
            foreach (var excluded in action.NotBy.Where(n => !WorkflowVocabulary.Exclusions.Contains(n)))
                Fail(workflow, action.Line, $"{at} names unknown exclusion '{excluded}' under Not by; use {Known(WorkflowVocabulary.Exclusions)}");
            if (action.MovesWhen is { } count && workflow.FindCount(count) is null)
                Fail(workflow, action.Line, $"{at} names unknown count '{count}' under Moves when");
        }
        // That one action creates the patch is the Requests table's to say (RequestValidator).
        _ = actionsLine;
    }

    private static void CheckCounts(WorkflowDefinition workflow)
    {
        foreach (var count in workflow.Counts)
        {
            var at = $"count '{count.Name}'";
            if (workflow.FindAction(count.OfAction) is null)
                Fail(workflow, count.Line, $"{at} counts '{count.OfAction}' under Of action, which is not an action of this workflow");
            foreach (var other in count.DistinctFrom)
            {
                if (string.Equals(other, count.Name, StringComparison.Ordinal))
                    Fail(workflow, count.Line, $"{at} names itself under Distinct from");
                if (workflow.FindCount(other) is null)
                    Fail(workflow, count.Line, $"{at} names unknown count '{other}' under Distinct from");
            }
        }
    }

    private static void CheckDeadlines(WorkflowDefinition workflow)
    {
        foreach (var deadline in workflow.Deadlines)
        {
            var at = $"deadline '{deadline.Name}'";
            if (workflow.FindAction(deadline.CountedFrom) is null)
                Fail(workflow, deadline.Line, $"{at} is counted from '{deadline.CountedFrom}', which is not an action of this workflow");
            // A deadline no state meets would make every patch overdue for ever.
            if (deadline.MetIn.Count == 0)
                Fail(workflow, deadline.Line, $"{at} names no state under Met in");
            foreach (var state in deadline.MetIn.Where(s => workflow.FindState(s) is null))
                Fail(workflow, deadline.Line, $"{at} names unknown state '{state}' under Met in");
        }
    }

    private static void CheckReachable(WorkflowDefinition workflow, WorkflowState initial)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { initial.Name };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var state))
        {
            var next = workflow.Actions.Where(a => a.From.Contains(state, StringComparer.Ordinal)).Select(a => a.To);
            foreach (var to in next.Where(reached.Add))
                queue.Enqueue(to);
        }
        foreach (var state in workflow.States.Where(s => !reached.Contains(s.Name)))
            Fail(workflow, state.Line, $"state '{state.Name}' is unreachable from the initial state '{initial.Name}'");
    }

    private static string Known(IEnumerable<string> words) => string.Join(", ", words.Order(StringComparer.Ordinal));

    [DoesNotReturn]
    private static void Fail(WorkflowDefinition workflow, int line, string problem) =>
        throw new WorkflowException(workflow.FilePath, line, problem);
}
