using System.Text.Json.Serialization;
using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Git;
using Assessment.Core.Workflow;

namespace Assessment.Core.Patches;

// The patch as API.md shapes it, for one user (nextActions depends on who asks).
internal sealed partial record PatchView(
    int Id, string Kind, string State, string Title, string Description, string Repository, string? Author,
    string Base, string Head, int Revision, string? Bug,
    IReadOnlyList<ReviewView> Reviews, IReadOnlyList<TestView> Tests, IReadOnlyList<DeploymentView> Deployments,
    BlessingView? Blessing, int? Follows, DateTimeOffset? ReviewDeadline, bool Overdue, IReadOnlyList<string> NextActions,
    IReadOnlyList<CountStatus> Counts, string? DeclaredBy, string? CommitAuthor, string? Reason, string? Arbitration,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<RevisionView> Revisions,
    IReadOnlyList<CommitInfo>? Commits, DiffStats? Stats, GitHubView? GitHub = null)
{
    // Only in the answer to a review or test: whether it counts (API.md's "counted").
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Counted { get; init; }

    // Only in the answer to a review or test: "counted" and, when false, the "reason" why, in a
    // place of their own, so an emergency's own reason is never replaced by it.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CountingView? Counting { get; init; }

    public static PatchView From(Patch p, User viewer, WorkflowEngine engine, DeploymentEnvironments environments, DateTimeOffset now, bool withGit)
    {
        var range = withGit ? RangeCache.Read(p.Repository.Path, p.Base, p.Head) : null;
        IReadOnlyList<CommitInfo>? commits = range?.Commits;
        DiffStats? stats = range?.Stats;
        var facts = p.Facts();
        return new PatchView(
            p.Id, p.Kind, p.State, p.Title, p.Description, p.Repository.Name, p.Author, p.Base, p.Head, p.Revision, p.Bug,
            ReviewsOf(p, facts, engine, p.Reviews.OrderBy(r => r.At)),
            TestsOf(p, facts, engine, p.Tests.OrderBy(t => t.At)),
            DeploymentsOf(p, facts, engine, p.Deployments.OrderBy(d => d.At)),
            p.Blessing is { } b ? new BlessingView(b.By, b.Commit, b.At, b.Comment, b.Signature is not null, b.SignatureKeyId) : null,
            p.Follows, p.ReviewDeadline, engine.IsOverdue(p, now), NextActionsFor(p, viewer, engine, environments), engine.Counts(facts),
            p.DeclaredBy, p.CommitAuthor, p.Reason, p.Arbitration, p.CreatedAt, p.UpdatedAt,
            RevisionsOf(p.Revisions.OrderBy(r => r.Number)),
            commits, stats, GitHubView.From(p));
    }

    // The workflow allows production deployments while any production environment still
    // lacks the blessed commit; once all run it, there is nothing left to offer.
    public static IReadOnlyList<string> NextActionsFor(Patch p, User viewer, WorkflowEngine engine, DeploymentEnvironments environments)
    {
        var actions = engine.NextActions(p, viewer);
        var toProduction = ApiRequests.NextActionName(ApiRequests.DeployTo(DeploymentEnvironments.Production));
        return environments.AwaitingProduction(p).Any() ? actions : actions.Where(a => a != toProduction).ToList();
    }
}

internal sealed record CountingView(bool Counted, string? Reason);

// Signed: the record carries its maker's own signature (by the key KeyId), checked when it was made.
internal sealed record ReviewView(
    string By, string Verdict, string Commit, int Revision, bool Stale, DateTimeOffset At, string Comment,
    bool Signed = false, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyId = null);

internal sealed record TestView(
    string By, string Result, string Commit, int Revision, bool Stale, DateTimeOffset At, string Comment,
    bool Signed = false, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyId = null);

internal sealed record DeploymentView(
    string Environment, string Kind, string Commit, string By, DateTimeOffset At, bool Emergency, string? Witness, bool Stale, bool Rollback,
    string? Handover = null, bool Signed = false, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyId = null);

internal sealed record BlessingView(string By, string Commit, DateTimeOffset At, string Comment, bool Signed = false, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyId = null);

internal sealed record RevisionView(int Number, string Base, string Head, string By, DateTimeOffset At, bool Rebase);

// The patch's GitHub side: its pull request, and its commit status and whether GitHub has it.
internal sealed record GitHubView(
    string Repository, int? PullRequest, string? Url, string? Login, string? StatusCommit, string? Status, string? StatusDescription,
    bool StatusDelivered, string? StatusError)
{
    public static GitHubView? From(Patch p) => p.GitHub is { } g && p.Repository.GitHub is { } repository
        ? new GitHubView(repository, g.PullRequest, g.PullRequestUrl, g.Login, g.StatusSha, g.StatusState, g.StatusDescription,
            g.StatusDeliveredAt is not null, g.StatusError)
        : null;
}
