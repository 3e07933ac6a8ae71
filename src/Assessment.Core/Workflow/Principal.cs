namespace Assessment.Core.Workflow;

// The principals a document may name under Who and Not by besides roles: each is computed
// from what people did to the patch, so a role granted later opens no way around a rule.
internal static class Principal
{
    public const string Author = "author";
    public const string CommitAuthor = "commit-author";
    public const string Reviewer = "reviewer";
    public const string Tester = "tester";
    public const string TestDeployer = "test-deployer";
    public const string Blesser = "blesser";
    public const string Declarer = "declarer";
    public const string System = "system";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Author, CommitAuthor, Reviewer, Tester, TestDeployer, Blesser, Declarer, System,
    };

    // What the actor did that makes them this principal, in words for a refusal.
    public static string Deed(string principal) => principal switch
    {
        Author => "submitted it",
        CommitAuthor => "wrote or committed a commit of it",
        Reviewer => "reviewed it",
        Tester => "tested it",
        TestDeployer => "deployed it to test",
        Blesser => "blessed it",
        Declarer => "declared it",
        _ => "is Assessment itself",
    };

    public static bool Is(string principal, PatchFacts? patch, ActorFacts actor) => principal switch
    {
        System => actor.IsSystem,
        _ when patch is null || actor.IsSystem => false,
        Author => Same(patch.Author, actor.Name),
        Declarer => Same(patch.DeclaredBy, actor.Name),
        CommitAuthor => patch.CommitIdentities.Any(i => Matches(i, actor)),
        Reviewer => Recorded(patch, actor, RecordKind.Review),
        Tester => Recorded(patch, actor, RecordKind.Test),
        TestDeployer => Recorded(patch, actor, RecordKind.TestDeployment),
        Blesser => Recorded(patch, actor, RecordKind.Blessing),
        _ => false,
    };

    // Users choose their names; git identities are typed by hand: compared without case.
    private static bool Matches(GitIdentity identity, ActorFacts actor) =>
        string.Equals(identity.Name, actor.Name, StringComparison.OrdinalIgnoreCase)
        || (identity.Email.Length > 0 && actor.Emails.Contains(identity.Email, StringComparer.OrdinalIgnoreCase));

    // Any revision: reviewing an earlier revision is still having reviewed the patch. A patch read
    // in part for an action knows its actor's deeds from existence queries (the records loaded
    // may lack an old one); for anyone else it has only the records loaded, which is enough for
    // what is merely shown to them (a mail of what waits for them): their own action is judged
    // on their own deeds when they take it.
    private static bool Recorded(PatchFacts patch, ActorFacts actor, RecordKind kind) =>
        patch.Deeds is { } deeds && Same(deeds.Actor, actor.Name)
            ? deeds.Kinds.Contains(kind)
            : patch.Records.Any(r => r.Kind == kind && Same(r.By, actor.Name));

    private static bool Same(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.Ordinal);
}
