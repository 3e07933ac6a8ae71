namespace Assessment.Cli.Verbs;

// A verb: its name ("audit verify" for grouped ones), its usage line, the options it takes, and what it does.
internal sealed record Verb(
    string Name,
    string Synopsis,
    string Summary,
    string[] Values,
    string[] Flags,
    Func<CliContext, Arguments, CancellationToken, Task<int>> Run);
