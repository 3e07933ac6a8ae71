namespace Assessment.Server.People;

// Who is signed in, as the pages show it, and which parts of the site the roles document opens.
public sealed record Viewer(string Name, IReadOnlyList<string> Roles, bool Administers = false, bool ReadsEvidence = false);

// The antiforgery field every form posted back to this site carries.
public sealed record FormToken(string Name, string Value);

// One line of my queue: what the person may do and since when the patch has waited.
public sealed record QueueEntry(
    int Id, string Kind, string State, string Title, string Repository, IReadOnlyList<string> Actions,
    DateTimeOffset Since, DateTimeOffset? Deadline, bool Overdue, bool Declared = false);

// One event of a patch's timeline, as the audit log holds it: the document's action it took,
// and the key of its maker's own signature when the event records one.
public sealed record TimelineEntry(long Sequence, DateTimeOffset At, string Actor, string Type, string? Commit, string? Action = null, string? KeyId = null);
