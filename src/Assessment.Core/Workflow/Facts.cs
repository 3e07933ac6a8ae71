namespace Assessment.Core.Workflow;

// What the engine judges: plain facts that the caller gathered (the patch services read them
// from the database and git). The engine itself knows neither a database nor HTTP.
internal sealed record ActorFacts(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Emails, bool IsSystem = false)
{
    // Assessment itself, acting on another recorded event (the principal "system").
    public static ActorFacts System { get; } = new(Principal.System, [], [], IsSystem: true);

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

// The kinds of record a patch collects; each names a principal (Principal.Of).
internal enum RecordKind { Review, Test, TestDeployment, ProductionDeployment, Blessing }

// One record on the patch: its kind, the request that made it (ApiRequests: the document's
// Requests table says which action that was), who, about which commit, in which revision, and when.
internal sealed record RecordFact(RecordKind Kind, string Request, string By, string Commit, int Revision, DateTimeOffset At);

// A revision of the patch; Rebase: its change is the previous revision's (same patch id).
internal sealed record RevisionFact(int Number, bool Rebase);

// An author or committer of a commit in the patch's current range.
internal sealed record GitIdentity(string Name, string Email);

// What the acting person ever recorded on the patch, in any revision: each kind an indexed
// existence query, so that no partial read of the records can hide a deed from a rule.
internal sealed record ActorDeeds(string Actor, IReadOnlySet<RecordKind> Kinds);

// Records: the whole history when Deeds is null; when the patch was read only in part for an
// action (PatchStore.LoadForActionAsync), Deeds says what its actor did (Principal).
internal sealed record PatchFacts(
    int Id,
    string Kind,
    string State,
    int Revision,
    string Head,
    string? Author,
    string? DeclaredBy,
    IReadOnlyList<GitIdentity> CommitIdentities,
    IReadOnlyList<RecordFact> Records,
    IReadOnlyList<RevisionFact> Revisions,
    ActorDeeds? Deeds = null);
