namespace Assessment.Core.Workflow;

// The names of API.md's nextActions for the engine's actions.
internal static class ApiVerbs
{
    public static string? ForAction(string action) => action switch
    {
        "approve" or "request-changes" => "review",
        "pass" or "fail" => "test",
        "deploy-test" => "deploy-test",
        "deploy-production" => "deploy-production",
        "bless" => "bless",
        "revise" => "revise",
        "withdraw" => "withdraw",
        _ => null,
    };
}
