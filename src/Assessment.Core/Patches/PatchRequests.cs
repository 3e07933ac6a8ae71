namespace Assessment.Core.Patches;

internal sealed record SubmitPatch(string? Repository, string? Title, string? Description, string? Base, string? Head, string? Bug, int? Follows);

internal sealed record DeclareEmergency(string? Repository, string? Commit, string? Base, string? Title, string? Reason, string? Arbitration);

internal sealed record ReviewRequest(string? Verdict, string? Comment, string? Commit);

internal sealed record TestRequest(string? Result, string? Comment, string? Commit);

internal sealed record DeployRequest(string? Environment, string? Commit, string? Witness);
