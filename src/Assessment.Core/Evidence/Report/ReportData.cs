namespace Assessment.Core.Evidence;

// The period report as data: the JSON form is this record, the Markdown and HTML forms are
// rendered from it. Period bounds are [From, To); states, overdue flags and waiting times are
// as of GeneratedAt, which is why the report names the log checkpoint it was made at.
internal sealed record ReportData(
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    SignedCheckpoint Checkpoint,
    ReportSummary Summary,
    IReadOnlyList<ReportDeployment> Deployments,
    IReadOnlyList<ReportEmergency> Emergencies,
    IReadOnlyList<ReportOverdue> Overdue,
    IReadOnlyList<ReportWaitingState> Waiting,
    IReadOnlyList<ReportPerson> People)
{
    // Every role granted or removed in the period (the policy asks for each one, with its motion).
    public IReadOnlyList<ReportRoleChange> RoleChanges { get; init; } = [];
}


// A rate is not rounded: one emergency in a century is a small figure, not zero.
internal sealed record ReportSummary(
    double PeriodDays, int ProductionDeployments, int EmergencyDeployments, double EmergenciesPer30Days, int Overdue);

internal sealed record ReportDeployment(
    int Patch,
    string Kind,
    string Title,
    string Repository,
    string Commit,
    string? Author,
    IReadOnlyList<string> Reviewers,
    IReadOnlyList<string> Testers,
    IReadOnlyList<ReportVerdict> Reviews,
    IReadOnlyList<ReportVerdict> Tests,
    bool Closed,
    string? BlessedBy,
    string Environment,
    string DeployedBy,
    string? Witness,
    DateTimeOffset DeployedAt,
    bool Emergency,
    bool Rollback = false);

internal sealed record ReportEmergency(
    int Patch,
    string Title,
    string Repository,
    string? DeclaredBy,
    DateTimeOffset DeclaredAt,
    string Commit,
    string? CommitAuthor,
    string? Reason,
    string? Arbitration,
    string State,
    DateTimeOffset? Deadline,
    DateTimeOffset? OutcomeAt,
    double? HoursToOutcome,
    double? OpenHours,
    bool Overdue,
    IReadOnlyList<ReportVerdict> Reviews,
    IReadOnlyList<ReportVerdict> Tests,
    IReadOnlyList<ReportFollowUp> FollowUps);

// One review or test as recorded, whatever its verdict: a request for changes is evidence too.
internal sealed record ReportVerdict(string By, string Verdict, DateTimeOffset At);

// A remedial patch submitted with "follows": where the required changes stand.
internal sealed record ReportFollowUp(int Patch, string Title, string State);

internal sealed record ReportOverdue(int Patch, string Kind, string Title, string Repository, string State, DateTimeOffset Deadline, double DaysOverdue);

internal sealed record ReportWaitingState(string Kind, string State, IReadOnlyList<ReportWaiting> Patches);

internal sealed record ReportWaiting(int Patch, string Title, string Repository, DateTimeOffset Since, double Days);

internal sealed record ReportPerson(string Name, int Reviews, int Tests, int TestDeployments, int Blessings, int ProductionDeployments);

// One grant or removal of roles: to whom, which roles, by whom, under which motion, and the
// log event that records it.
internal sealed record ReportRoleChange(
    DateTimeOffset At, string User, IReadOnlyList<string> Granted, IReadOnlyList<string> Removed, string By, string? Motion, long Event);
