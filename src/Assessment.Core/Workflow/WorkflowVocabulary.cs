namespace Assessment.Core.Workflow;

// The words a workflow document may use: the engine knows what each of them does.
internal static class WorkflowVocabulary
{
    // Principals that are not roles (Principal): judged on what people did to the patch.
    public static IReadOnlySet<string> Principals => Principal.All;

    // Who may be excluded under "Not by": every principal but Assessment itself.
    public static readonly IReadOnlySet<string> Exclusions =
        Principal.All.Where(p => p != Principal.System).ToHashSet(StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Actions = new HashSet<string>(StringComparer.Ordinal)
    {
        "submit", "declare", "approve", "request-changes", "deploy-test", "pass", "fail",
        "bless", "deploy-production", "revise", "withdraw", "remediate",
    };

    // Actions that create a patch: they have no From states.
    public static readonly IReadOnlySet<string> CreatingActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "submit", "declare",
    };

    // Actions whose records a count may count (each names a person and a commit).
    public static readonly IReadOnlySet<string> CountableActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "approve", "pass",
    };
}
