using Assessment.Core.Environments;
using Assessment.Core.Git;
using Assessment.Core.Patches;
using Assessment.Core.People;
using Assessment.Core.Workflow;
using Assessment.Server.People;

namespace Assessment.Server.Pages;

// Everything the patch page shows, read once per request. Public only as the component's
// parameter type; its contents stay inside the server.
public sealed class PatchPageData
{
    internal PatchView View { get; init; } = null!;
    internal IReadOnlyList<StateStep> States { get; init; } = null!;

    // The requests the engine allows the viewer now (the view's nextActions, each with its document's label).
    internal IReadOnlyList<NextRequest> Requests { get; init; } = null!;
    internal IReadOnlyList<DeploymentEnvironment> Environments { get; init; } = null!;
    internal IReadOnlyList<CommentView> Comments { get; init; } = null!;
    internal IReadOnlyList<TimelineEntry> Timeline { get; init; } = null!;
    internal IReadOnlySet<string> Signable { get; init; } = null!;
    internal IReadOnlyList<PageMessage> Messages { get; init; } = null!;
    internal DiffView? Diff { get; init; }

    // The hand-over's check, when the viewer is offered the production deployment of a blessed patch.
    internal HandoverCheck? Handover { get; init; }
    // The statements to sign in the browser, when the viewer has a key in force; else null.
    internal bool Signing { get; init; }
    internal int? From { get; init; }
    internal string? Path { get; init; }
    internal int? Line { get; init; }
}
