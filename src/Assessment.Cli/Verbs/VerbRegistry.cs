namespace Assessment.Cli.Verbs;

internal static class VerbRegistry
{
    public static readonly IReadOnlyList<Verb> All =
    [
        SubmitVerb.Definition, ListVerb.Definition, ShowVerb.Definition, ReviseVerb.Definition,
        ReviewVerb.Definition, TestVerb.Definition, DeployVerb.Definition, BlessVerb.Definition,
        WithdrawVerb.Definition, EmergencyVerb.Definition,
        AuditVerifyVerb.Definition, AuditCheckpointVerb.Definition, AuditReportVerb.Definition, AuditEventsVerb.Definition,
        DriftVerb.Definition, HandoverGetVerb.Definition, HandoverVerifyVerb.Definition,
        UserAddVerb.Definition, UserRolesVerb.Definition, UserListVerb.Definition, WhoamiVerb.Definition,
        RepoAddVerb.Definition, RepoListVerb.Definition,
    ];

    // "audit verify ..." is the verb "audit verify"; returns it and the words after it.
    public static (Verb Verb, IReadOnlyList<string> Arguments) Find(IReadOnlyList<string> words)
    {
        var first = words[0];
        if (All.FirstOrDefault(v => v.Name == first) is { } single)
            return (single, words.Skip(1).ToList());
        var group = All.Where(v => v.Name.StartsWith(first + " ", StringComparison.Ordinal)).ToList();
        if (group.Count == 0)
            throw new UsageException($"unknown verb '{first}'");
        var second = words.Count > 1 ? words[1] : null;
        if (group.FirstOrDefault(v => v.Name == $"{first} {second}") is { } grouped)
            return (grouped, words.Skip(2).ToList());
        var choices = string.Join(", ", group.Select(v => v.Name[(first.Length + 1)..]));
        throw new UsageException(second is null
            ? $"'{first}' needs one of: {choices}"
            : $"unknown verb '{first} {second}' (expected one of: {choices})");
    }

    public static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine("usage: assess [--json] [--url URL] [--token TOKEN] VERB [ARGUMENTS]");
        writer.WriteLine();
        writer.WriteLine("Verbs:");
        foreach (var line in All.SelectMany(v => v.Synopsis.Split('\n')))
            writer.WriteLine($"  assess {line}");
        writer.WriteLine();
        writer.WriteLine("""
            Options for every verb:
              --json           print the server's JSON instead of tables (a list is a JSON array)
              --url URL        the server (default: $ASSESS_URL, else http://127.0.0.1:5080)
              --token TOKEN    the bearer token (default: $ASSESS_TOKEN)
              --help, -h       this text, or a verb's: assess help VERB

            Exit codes: 0 success; 1 failure (the server's reason on stderr, or a check that did
            not pass); 2 usage error; 3 drift found (drift).
            """);
    }

    public static void WriteHelp(TextWriter writer, Verb verb)
    {
        foreach (var line in verb.Synopsis.Split('\n'))
            writer.WriteLine($"usage: assess {line}");
        writer.WriteLine();
        foreach (var line in verb.Summary.TrimEnd().Split('\n'))
            writer.WriteLine(("  " + line).TrimEnd());
    }
}
