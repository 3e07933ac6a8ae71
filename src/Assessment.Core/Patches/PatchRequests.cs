using System.Text.Json;

namespace Assessment.Core.Patches;

// With GitHubPullRequest, title, description, base and head come from that pull request (GitHub/PullRequestSubmission).
internal sealed record SubmitPatch(
    string? Repository, string? Title, string? Description, string? Base, string? Head, string? Bug, int? Follows, int? GitHubPullRequest = null);

// Signature: the declarer's DSSE envelope over the declaration (docs/evidence-format.md#action; patch null, revision 1).
internal sealed record DeclareEmergency(string? Repository, string? Commit, string? Base, string? Title, string? Reason, string? Arbitration,
    System.Text.Json.JsonElement? Signature = null);

// Signature: the person's DSSE envelope over the action (docs/evidence-format.md#action).
internal sealed record ReviewRequest(string? Verdict, string? Comment, string? Commit, JsonElement? Signature = null);

internal sealed record TestRequest(string? Result, string? Comment, string? Commit, JsonElement? Signature = null);

// Handover: the digest ("sha256:<hex>") of the hand-over the deployer checked, recorded with the deployment.
internal sealed record DeployRequest(string? Environment, string? Commit, string? Witness, string? Handover = null, JsonElement? Signature = null);

// A review or test as recorded, and whether the engine counted it (API.md's "counted").
internal sealed record Recorded(Data.Patch Patch, Workflow.Counting Counting);
