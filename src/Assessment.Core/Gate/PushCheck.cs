namespace Assessment.Core.Gate;

// What the pre-receive hook saw: one ref update and the commits it brings, listed by the hook
// because git keeps pushed objects in quarantine, where the server cannot read them. Dropped:
// the commits the update removes from the ref (empty for a fast-forward).
internal sealed record PushCheckRequest(
    string? Ref, string? Old, string? New, IReadOnlyList<string>? Commits, IReadOnlyList<string>? Dropped = null);

internal sealed record PushCheckCommit(string Sha, bool Covered, string Reason);

// FailOpen tells the hook what to do the next time it cannot reach the server.
internal sealed record PushCheckResult(bool Allowed, string Detail, IReadOnlyList<PushCheckCommit> Commits, bool FailOpen);
