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
        Assert.Equal(("regular.md", action.Line), (decision.Refusal.Rule!.Document, decision.Refusal.Rule.Line));
        Assert.Equal(File.ReadAllLines(RepoPaths.WorkflowFile(Regular.Name))[action.Line - 1].Trim(), decision.Refusal.Rule.Text);
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

    // The decision on a request with the record it makes says where the patch goes and whether
    // the record counts, so no caller works either out for itself.
    [Fact]
    public void An_approval_that_reaches_the_count_carries_the_next_state_and_counts()
    {
        var action = Regular.FindAction(Regular.ActionOf(Approve)!)!;
        var need = Regular.FindCount(action.MovesWhen!)!.AtLeast;
        var earlier = Enumerable.Range(0, need - 1).Select(i => Record(Approve, $"early{i}")).ToList();
        var patch = Patch(action.From[0], author: "ann") with { Records = earlier };

        var first = Engine.Decide(Regular, Patch(action.From[0], author: "ann"), Actor("bob", action.Who), Approve, Record(Approve, "bob"));
        var last = Engine.Decide(Regular, patch, Actor("bob", action.Who), Approve, Record(Approve, "bob"));

        Assert.Equal(need > 1 ? action.From[0] : action.To, first.NextState);
        Assert.Equal(action.To, last.NextState);
        Assert.Equal(new Counting(true, null), last.Counted);
    }

    [Fact]
    public void A_pass_by_someone_counted_for_approvals_is_allowed_and_not_counted()
    {
        var pass = ApiRequests.TestWith(Verdicts.Pass);
        var action = Regular.FindAction(Regular.ActionOf(pass)!)!;
        var passes = Regular.FindCount(action.MovesWhen!)!;
        var other = Regular.FindCount(passes.DistinctFrom[0])!;
        var request = Regular.Requests.First(r => r.Action == other.OfAction).Name;
        var patch = Patch(action.From[0], author: "ann") with { Records = [Record(request, "bob")] };

        var decision = Engine.Decide(Regular, patch, Actor("bob", action.Who), pass, Record(pass, "bob"));

        Assert.True(decision.Allowed);
        Assert.Equal(action.From[0], decision.NextState);
        Assert.False(decision.Counted!.Counted);
        Assert.Contains($"bob already counts for {other.Name}", decision.Counted.Reason, StringComparison.Ordinal);
        Assert.False(Engine.Counts(patch with { Records = [.. patch.Records, Record(pass, "bob")] }, "bob", pass));
        Assert.True(Engine.Counts(patch, "bob", request));
    }

    [Fact]
    public void A_decision_without_a_record_moves_to_the_actions_state_and_counts_nothing()
    {
        var action = Regular.FindAction(Regular.ActionOf(ApiRequests.Withdraw)!)!;
        var decision = Engine.Decide(Regular, Patch(action.From[0], author: "ann"), Actor("ann", action.Who), ApiRequests.Withdraw);

        Assert.Equal(action.To, decision.NextState);
        Assert.Null(decision.Counted);
        Assert.Null(Engine.Decide(Regular, Patch(action.From[0], author: "ann"), Actor("zed", []), ApiRequests.Withdraw).NextState);
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

    private static RecordFact Record(string request, string by) =>
        new(request.StartsWith(ApiRequests.Test, StringComparison.Ordinal) ? RecordKind.Test : RecordKind.Review, request, by, new string('a', 40), 1, DateTimeOffset.UnixEpoch);

    private static ActorFacts Actor(string name, IReadOnlyList<string> who) =>
        new(name, [.. who.Where(Catalog.Roles.IsRole)], []);

    private static int LineOf(string start) =>
        Array.FindIndex(File.ReadAllLines(RepoPaths.WorkflowFile(Regular.Name)), l => l.StartsWith(start, StringComparison.Ordinal)) + 1;
}
