namespace Assessment.Core.Workflow;

internal static class Verdicts
{
    public const string Approve = "approve";
    public const string RequestChanges = "request-changes";
    public const string Pass = "pass";
    public const string Fail = "fail";
}
