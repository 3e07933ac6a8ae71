namespace Assessment.Core.Workflow;

// The principals a workflow document may use besides roles: the engine knows what each means.
// Actions and states are the documents' own names (their Requests table maps the service's
// requests onto them).
internal static class WorkflowVocabulary
{
    // Principals that are not roles (Principal): judged on what people did to the patch.
    public static IReadOnlySet<string> Principals => Principal.All;

    // Who may be excluded under "Not by": every principal but Assessment itself.
    public static readonly IReadOnlySet<string> Exclusions =
        Principal.All.Where(p => p != Principal.System).ToHashSet(StringComparer.Ordinal);
}
