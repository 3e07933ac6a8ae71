namespace Assessment.Core.Data;

// A controlled repository registered with Assessment (named so as not to clash with LibGit2Sharp's Repository).
internal sealed class GitRepository
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Path { get; set; }
    public required string ProductionBranch { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    // The newest production commit whose whole ancestry is covered by patches: drift checks
    // walk only what is newer. Null until the first drift check.
    public string? ExplainedThrough { get; set; }

    // When the hook cannot reach the server: refuse (false, the default) or let the push pass.
    public bool GateFailOpen { get; set; }

    // The GitHub counterpart, "owner/name", or null.
    public string? GitHub { get; set; }
}
