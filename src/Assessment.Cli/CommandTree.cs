using System.CommandLine;
using System.CommandLine.Completions;
using Assessment.Cli.Verbs;

namespace Assessment.Cli;

// The whole command line: options every verb takes, then every verb, grouped ones under their
// group. A new verb is a file in Verbs/ with a Create() and one line here.
internal sealed class CommandTree
{
    public CommandTree()
    {
        Root = new RootCommand("Assessment: patches through review, test, blessing and production, with evidence.")
        {
            Json, Url, Token,
            SubmitVerb.Create(), ListVerb.Create(), ShowVerb.Create(), ReviseVerb.Create(),
            ReviewVerb.Create(), TestVerb.Create(), DeployVerb.Create(), BlessVerb.Create(),
            WithdrawVerb.Create(), EmergencyVerb.Create(),
            QueueVerb.Create(), DiffVerb.Create(), CommentVerb.Create(),
            Group("audit", "The evidence: the event log, its verification, checkpoints, the period report.",
                AuditVerifyVerb.Create(), AuditCheckpointVerb.Create(), AuditReportVerb.Create(), AuditEventsVerb.Create()),
            DriftVerb.Create(),
            Group("handover", "The signed hand-over of a blessed patch.", HandoverGetVerb.Create(), HandoverVerifyVerb.Create()),
            Group("keys", "The public signing keys: the server's and the people's.", KeysGetVerb.Create(), KeysRevokeVerb.Create()),
            Group("user", "Users and their roles (admin).", UserAddVerb.Create(), UserRolesVerb.Create(), UserListVerb.Create()),
            WhoamiVerb.Create(), RolesVerb.Create(),
            Group("repo", "The controlled repositories (admin).", RepoAddVerb.Create(), RepoListVerb.Create()),
            Group("hook", "Hooks a controlled git server runs.", HookPreReceiveVerb.Create()),
            Group("admin", "The server's database, on the server's machine: backup and restore.", AdminBackupVerb.Create(), AdminRestoreVerb.Create()),
            CompletionVerb.Create(),
        };
        Root.SetAction(Refuse("a verb is needed"));
        // The [suggest] directive answers shell completion (see CompletionVerb); the others are left out.
        Root.Directives.Clear();
        Root.Directives.Add(new SuggestDirective());
    }

    public RootCommand Root { get; }

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "print JSON instead of tables (a list is a JSON array; an error is a problem object)",
        Recursive = true,
    };

    public Option<string> Url { get; } = new("--url")
    {
        HelpName = "URL",
        Description = $"the server (default: $ASSESS_URL, else {Cli.DefaultUrl})",
        Recursive = true,
    };

    public Option<string> Token { get; } = new("--token")
    {
        HelpName = "TOKEN",
        Description = "the bearer token (default: $ASSESS_TOKEN)",
        Recursive = true,
    };

    private static Func<ParseResult, int> Refuse(string message) => _ => throw new UsageException(message);

    // "assess audit" alone is a usage error that names the choices.
    private static Command Group(string name, string description, params Command[] verbs)
    {
        var group = new Command(name, description);
        foreach (var verb in verbs)
            group.Subcommands.Add(verb);
        var choices = string.Join(", ", verbs.Select(v => v.Name));
        group.SetAction(Refuse($"'{name}' needs one of: {choices}"));
        return group;
    }
}
