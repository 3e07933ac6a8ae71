namespace Assessment.Core.Workflow;

// The service's own vocabulary (API.md's names, which stay whatever a document calls things):
// the requests a caller can make. Each document's Requests table maps them onto its actions;
// the names of states, actions and roles are the documents' alone.
internal static class ApiRequests
{
    public const string Submit = "submit";
    public const string Declare = "declare";
    public const string Revise = "revise";
    public const string Bless = "bless";
    public const string Withdraw = "withdraw";
    public const string FollowUpDeployed = "follow-up deployed";

    // API.md's verdicts, results and environment kinds: "review approve", "test fail", "deploy test".
    public const string Review = "review", Test = "test", Deploy = "deploy";
    public static readonly string[] Verdicts = [Workflow.Verdicts.Approve, Workflow.Verdicts.RequestChanges];
    public static readonly string[] Results = [Workflow.Verdicts.Pass, Workflow.Verdicts.Fail];
    public static readonly string[] EnvironmentKinds = ["test", "production"];

    public static string ReviewWith(string verdict) => $"{Review} {verdict}";

    public static string TestWith(string result) => $"{Test} {result}";

    public static string DeployTo(string environmentKind) => $"{Deploy} {environmentKind}";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(
        [Submit, Declare, Revise, Bless, Withdraw, FollowUpDeployed,
         .. Verdicts.Select(ReviewWith), .. Results.Select(TestWith), .. EnvironmentKinds.Select(DeployTo)],
        StringComparer.Ordinal);

    // The requests that create a patch: the document that takes one is that kind of patch.
    public static readonly IReadOnlySet<string> Creating = new HashSet<string>([Submit, Declare], StringComparer.Ordinal);

    // Requests whose records name a person and a commit, so a count may count their action.
    public static bool IsCountable(string request) =>
        request.StartsWith(Review + " ", StringComparison.Ordinal) || request.StartsWith(Test + " ", StringComparison.Ordinal);

    // API.md's nextActions name of a request: "review", "test", "deploy-test", "bless", ...;
    // null for those nobody asks for by hand (creating a patch, a follow-up's deployment).
    public static string? NextActionName(string request) => request switch
    {
        Submit or Declare or FollowUpDeployed => null,
        _ when request.StartsWith(Review + " ", StringComparison.Ordinal) => Review,
        _ when request.StartsWith(Test + " ", StringComparison.Ordinal) => Test,
        _ when request.StartsWith(Deploy + " ", StringComparison.Ordinal) => request.Replace(' ', '-'),
        _ => request,
    };

    // The words of the Requests table's Commit, Requires and Effect columns.
    public const string HeadCommit = "head", BlessedCommit = "blessing";
    public const string DistinctWitness = "distinct-witness", Forward = "forward";
    public static readonly IReadOnlySet<string> Conditions = new HashSet<string>([DistinctWitness, Forward], StringComparer.Ordinal);
    public const string ClosesFollowed = "closes-followed", DeploysProduction = "deploys-production", EndsReview = "ends-review";
    public static readonly IReadOnlySet<string> Effects = new HashSet<string>([ClosesFollowed, DeploysProduction, EndsReview], StringComparer.Ordinal);
}
