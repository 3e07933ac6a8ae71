namespace Assessment.Core.Workflow;

// API.md's verdicts of a review and results of a test, as stored on the records; the documents'
// Requests tables say which action each takes ("review approve" takes approve in regular.md).
internal static class Verdicts
{
    public const string Approve = "approve";
    public const string RequestChanges = "request-changes";
    public const string Pass = "pass";
    public const string Fail = "fail";
}
