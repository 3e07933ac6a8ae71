namespace Assessment.Core.Witness;

// "Assessment:Witness": where signed checkpoints are published, outside the server's own data.
internal sealed class WitnessOptions
{
    // A git repository: a local path (made when missing), or a clone URL / remote the server
    // pushes to from a local copy in its data directory. Unset: nothing is published.
    public string? Repository { get; set; }

    // With a local Repository: a remote to push the branch to after every commit (optional).
    public string? Remote { get; set; }

    public string Branch { get; set; } = "main";

    // How often a checkpoint is published while new events arrive (a production deployment
    // publishes at once).
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Repository);
}
