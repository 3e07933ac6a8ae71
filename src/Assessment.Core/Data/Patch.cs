using System.ComponentModel.DataAnnotations.Schema;
using Assessment.Core.Workflow;

namespace Assessment.Core.Data;

internal sealed class Patch
{
    public int Id { get; set; }
    public required string Kind { get; set; }
    public required string State { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public int RepositoryId { get; set; }
    public GitRepository Repository { get; set; } = null!;

    // The submitting developer; for an emergency, the commit's author where that is a user.
    public string? Author { get; set; }
    public string? CommitAuthor { get; set; }

    // The authors and committers of the current range ("name\temail" lines), read from git when
    // the range is recorded, so that "commit-author" is judged without opening the repository.
    public string? CommitIdentities { get; set; }
    public string? DeclaredBy { get; set; }
    public required string Base { get; set; }
    public required string Head { get; set; }
    public int Revision { get; set; } = 1;
    public string? Bug { get; set; }
    public int? Follows { get; set; }
    public string? Reason { get; set; }
    public string? Arbitration { get; set; }
    public DateTimeOffset? ReviewDeadline { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    // The moment the emergency reached an outcome (blessed, changes requested), for the report.
    public DateTimeOffset? OutcomeAt { get; set; }

    // Bumped by every action: a second writer that read the old version loses with 409.
    public int Version { get; set; }

    public List<PatchRevision> Revisions { get; set; } = [];
    public List<Review> Reviews { get; set; } = [];
    public List<TestRecord> Tests { get; set; } = [];
    public List<Deployment> Deployments { get; set; } = [];
    public Blessing? Blessing { get; set; }

    // Read with the patch for an action (PatchStore.LoadForActionAsync): what its actor ever did to it.
    [NotMapped]
    public ActorDeeds? Deeds { get; set; }

    // Set for a patch in a repository with a GitHub counterpart (its pull request, its status).
    public GitHubPatch? GitHub { get; set; }
}
