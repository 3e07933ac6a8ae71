namespace Assessment.Core;

// A request the service refuses: a domain error that knows no HTTP. It says what kind of
// refusal it is, names the rule or field at fault in its detail and, where a workflow or roles
// document holds the rule, the document and line. The server maps the kind to a status code in
// one place (Server/RefusalStatus.cs).
internal sealed class Refusal(RefusalKind kind, string detail, RuleCitation? rule = null) : Exception(detail)
{
    public RefusalKind Kind { get; } = kind;
    public string Detail => Message;
    public RuleCitation? Rule { get; } = rule;

    public static Refusal Malformed(string detail) => new(RefusalKind.Malformed, detail);
    public static Refusal Forbidden(string detail, RuleCitation? rule = null) => new(RefusalKind.Forbidden, detail, rule);
    public static Refusal NotFound(string detail) => new(RefusalKind.NotFound, detail);
    public static Refusal Conflict(string detail, RuleCitation? rule = null) => new(RefusalKind.Conflict, detail, rule);
    public static Refusal Invalid(string detail, RuleCitation? rule = null) => new(RefusalKind.Invalid, detail, rule);
    public static Refusal Unavailable(string detail) => new(RefusalKind.Unavailable, detail);
    public static Refusal Upstream(string detail) => new(RefusalKind.UpstreamUnavailable, detail);
}

internal enum RefusalKind
{
    Malformed,           // the request cannot be read: a field is missing or not of its form
    Forbidden,           // the actor may not do this: a role or a separation-of-duties rule
    NotFound,            // it names something that does not exist
    Conflict,            // not now: the patch's state, a count not reached, a concurrent change
    Invalid,             // well-formed but unusable: a ref that resolves to nothing, a key reused
    Unavailable,         // the storage cannot make the write durable; nothing was recorded
    UpstreamUnavailable, // a service the request depends on (GitHub) did not answer
}

// The rule a refusal applies: a document of workflows/, the line of its table row and that
// line as the document has it (the problem answer's "rule").
internal sealed record RuleCitation(string Document, int Line, string? Text = null)
{
    public static RuleCitation Of(string filePath, string markdown, int line)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.Split('\n');
        return new(Path.GetFileName(filePath), line, line >= 1 && line <= lines.Length ? lines[line - 1].Trim() : null);
    }

    public override string ToString() => $"{Document} line {Line}";
}
