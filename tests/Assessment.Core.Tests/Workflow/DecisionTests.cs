using Assessment.Core.Workflow;

namespace Assessment.Core.Tests.Workflow;

// The engine decides on plain facts and answers with a decision: allowed, or refused with the
// kind of refusal and the document line of the rule; it raises nothing and knows no HTTP.
public sealed class DecisionTests
{
    private static readonly WorkflowCatalog Catalog = WorkflowLoader.LoadDirectory(RepoPaths.Workflows);
    private static readonly WorkflowEngine Engine = new(Catalog);
    private static readonly WorkflowDefinition Regular = Catalog.ForCreating(ApiRequests.Submit);
    private static readonly string Approve = ApiRequests.ReviewWith(Verdicts.Approve);

    [Fact]
    public void The_author_approving_is_refused_with_the_rule_and_its_line()
    {
        var action = Regular.FindAction(Regular.ActionOf(Approve)!)!;
        var decision = Engine.Decide(Regular, Patch(action.From[0], author: "ann"), Actor("ann", action.Who), Approve);

        Assert.False(decision.Allowed);
        Assert.Equal(RefusalKind.Forbidden, decision.Refusal!.Kind);
        Assert.Equal(new RuleCitation("regular.md", action.Line), decision.Refusal.Rule);
        Assert.Contains($"regular.md line {action.Line}", decision.Refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(action.Line, LineOf($"| {action.Name} |"));
    }

    [Fact]
    public void Someone_else_approving_is_allowed_with_the_requests_row()
    {
        var action = Regular.FindAction(Regular.ActionOf(Approve)!)!;
        var decision = Engine.Decide(Regular, Patch(action.From[0], author: "ann"), Actor("bob", action.Who), Approve);

        Assert.True(decision.Allowed);
        Assert.Equal((Approve, action), (decision.Request!.Name, decision.Action));
    }

    [Fact]
    public void A_request_in_the_wrong_state_is_a_conflict_citing_the_action_row()
    {
        var action = Regular.FindAction(Regular.ActionOf(ApiRequests.Bless)!)!;
        var elsewhere = Regular.States.First(s => !action.From.Contains(s.Name, StringComparer.Ordinal)).Name;
        var decision = Engine.Decide(Regular, Patch(elsewhere, author: "ann"), Actor("bob", action.Who), ApiRequests.Bless);

        Assert.Equal(RefusalKind.Conflict, decision.Refusal!.Kind);
        Assert.Equal(action.Line, decision.Refusal.Rule!.Line);
        Assert.Throws<Refusal>(() => decision.OrThrow());
    }

    [Fact]
    public void A_refusal_carries_no_http_status()
    {
        var own = typeof(Refusal).GetProperties().Where(p => p.DeclaringType == typeof(Refusal)).ToList();

        Assert.Equal(["Detail", "Kind", "Rule"], own.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(own, p => p.PropertyType == typeof(int));
    }

    private static PatchFacts Patch(string state, string author) =>
        new(1, Regular.Name, state, 1, new string('a', 40), author, null, [], [], [new RevisionFact(1, false)]);

    private static ActorFacts Actor(string name, IReadOnlyList<string> who) =>
        new(name, [.. who.Where(Catalog.Roles.IsRole)], []);

    private static int LineOf(string start) =>
        Array.FindIndex(File.ReadAllLines(RepoPaths.WorkflowFile(Regular.Name)), l => l.StartsWith(start, StringComparison.Ordinal)) + 1;
}
