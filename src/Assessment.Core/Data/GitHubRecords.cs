namespace Assessment.Core.Data;

// A patch in a repository that has a GitHub counterpart: the pull request it came from (if
// any), and where the delivery of its commit status stands, so the patch shows it.
internal sealed class GitHubPatch
{
    public int PatchId { get; set; }
    public int? PullRequest { get; set; }
    public string? PullRequestUrl { get; set; }

    // The pull request's author on GitHub, as GitHub named them.
    public string? Login { get; set; }

    // The newest status written for the patch, and whether GitHub has it.
    public string? StatusSha { get; set; }
    public string? StatusState { get; set; }
    public string? StatusDescription { get; set; }
    public DateTimeOffset? StatusDeliveredAt { get; set; }
    public string? StatusError { get; set; }
}

// A commit status waiting for GitHub to accept it. Written in the transaction of the audit
// event that changed the patch; marked sent only once GitHub answered with success.
internal sealed class GitHubStatus
{
    public int Id { get; set; }
    public int PatchId { get; set; }
    public long EventSequence { get; set; }

    // "owner/name" on GitHub.
    public required string Repository { get; set; }
    public required string Sha { get; set; }
    public required string State { get; set; }
    public required string Description { get; set; }
    public string? TargetUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    // GitHub refused it for good (a 4xx other than rate limits): not retried.
    public DateTimeOffset? AbandonedAt { get; set; }
    public string? LastError { get; set; }
}

// A webhook delivery that was applied, kept so that a redelivery (same X-GitHub-Delivery) is not
// applied twice. Written in the transaction of what it applied.
internal sealed class GitHubDelivery
{
    public int Id { get; set; }
    public required string DeliveryId { get; set; }
    public required string Event { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
