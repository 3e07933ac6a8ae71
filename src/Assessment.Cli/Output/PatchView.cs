using System.Text.Json;

namespace Assessment.Cli.Output;

// How a patch looks to a person: a table row in `list`, a page in `show`.
internal static class PatchView
{
    public static void WriteList(TextWriter output, IReadOnlyList<JsonElement> patches, int width = TerminalWidth.Unlimited)
    {
        if (patches.Count == 0)
        {
            output.WriteLine("no patches");
            return;
        }
        // Declared patches (deployed first, reviewed after) have a deadline column even once it is met.
        var withDeadline = patches.Any(p => p.Str("reviewDeadline") is not null || p.Str("declaredBy") is not null);
        string[] headers = ["ID", "KIND", "STATE", "REPO", "AUTHOR", "HEAD", "TITLE"];
        var table = new Table(withDeadline ? [.. headers[..^1], "DEADLINE", "TITLE"] : headers);
        foreach (var p in patches)
        {
            string?[] cells = [p.Str("id"), p.Str("kind"), p.Str("state"), p.Str("repository"), p.Str("author"), Format.Sha(p.Str("head"))];
            table.Add(withDeadline ? [.. cells, Deadline(p), p.Str("title")] : [.. cells, p.Str("title")]);
        }
        table.Write(output, width: width);
    }

    public static void WriteDetail(TextWriter output, JsonElement p, int width = TerminalWidth.Unlimited)
    {
        output.WriteLine($"Patch #{p.Str("id")}  {p.Str("title")}");
        var table = new Table("", "");
        table.Add("state", $"{p.Str("state")} ({p.Str("kind")}, revision {p.Str("revision") ?? "1"})");
        table.Add("author", p.Str("author"));
        table.Add("repository", p.Str("repository"));
        table.Add("commits", $"{p.Str("base")}..{p.Str("head")}");
        AddIfPresent(table, "bug", p.Str("bug"));
        AddIfPresent(table, "follows", p.Str("follows") is { } follows ? "#" + follows : null);
        AddIfPresent(table, "followed by", p.Str("followedBy") is { } followedBy ? "#" + followedBy : null);
        AddIfPresent(table, "review due", Deadline(p) is { Length: > 0 } deadline ? deadline : null);
        if (p.Prop("gitHub") is { } github)
        {
            AddIfPresent(table, "pull request", github.Str("pullRequest") is { } number ? $"{github.Str("repository")}#{number} {github.Str("url")}".TrimEnd() : null);
            AddIfPresent(table, "github status", github.Str("status") is { } status
                ? $"{status}: {github.Str("statusDescription")}" + (github.Bool("statusDelivered") ? "" : $" (not delivered yet: {github.Str("statusError") ?? "waiting"})")
                : null);
        }
        if (p.Prop("stats") is { } stats)
            table.Add("diff", $"{Format.Count((int)(stats.Long("files") ?? 0), "file")}, +{stats.Str("added")} -{stats.Str("removed")}");
        table.Write(output, "  ", header: false, width: width);

        if (p.Str("description") is { Length: > 0 } description)
        {
            output.WriteLine();
            foreach (var line in description.TrimEnd().Split('\n'))
                output.WriteLine(("    " + line.TrimEnd('\r')).TrimEnd());
        }
        WriteSection(output, width, p, "commits", "Commits", ["SHA", "AUTHOR", "TITLE"], c => [Format.Sha(c.Str("sha")), c.Str("author"), c.Str("title")]);
        WriteSection(output, width, p, "reviews", "Reviews", ["BY", "VERDICT", "COMMIT", "AT", "COMMENT"], r => [r.Str("by"), r.Str("verdict") + Stale(r), Format.Sha(r.Str("commit")), Format.Time(r.Str("at")), r.Str("comment")]);
        WriteSection(output, width, p, "tests", "Tests", ["BY", "RESULT", "COMMIT", "AT", "COMMENT"], t => [t.Str("by"), t.Str("result") + Stale(t), Format.Sha(t.Str("commit")), Format.Time(t.Str("at")), t.Str("comment")]);
        WriteSection(output, width, p, "deployments", "Deployments", ["ENVIRONMENT", "COMMIT", "BY", "WITNESS", "AT", ""], d =>
            [d.Str("environment"), Format.Sha(d.Str("commit")), d.Str("by"), d.Str("witness") ?? "", Format.Time(d.Str("at")),
             (d.Bool("emergency") ? "deployed first" : d.Bool("stale") ? "(stale)" : "") + (d.Bool("rollback") ? " ROLLBACK" : "")]);
        WriteSection(output, width, p, "counts", "Counts (current head)", ["COUNT", "HAVE", "NEED", "PEOPLE"], c =>
            [c.Str("name"), c.Str("have"), c.Str("need"), string.Join(", ", c.Items("people").Select(x => x.ToString()))]);

        output.WriteLine();
        output.WriteLine(p.Prop("blessing") is { } blessing
            ? $"Blessed by {blessing.Str("by")} at {Format.Time(blessing.Str("at"))}, commit {Format.Sha(blessing.Str("commit"))}{Comment(blessing)}"
            : "Not blessed.");
        var next = p.Items("nextActions").Select(a => a.ToString()).ToList();
        output.WriteLine(next.Count == 0 ? "Next actions: none for you" : $"Next actions: {string.Join(", ", next)}");
    }

    // One line after an action: where the patch stands now.
    public static void WriteState(TextWriter output, JsonElement p)
    {
        if (p.Str("state") is not { } state)
            return;
        var next = p.Items("nextActions").Select(a => a.ToString()).ToList();
        output.WriteLine($"Patch #{p.Str("id")} is {state}" + (next.Count == 0 ? "." : $"; next: {string.Join(", ", next)}."));
    }

    public static bool IsPatch(JsonElement element) => element.Str("id") is not null && element.Str("state") is not null;

    private static string Deadline(JsonElement p)
    {
        var deadline = Format.Time(p.Str("reviewDeadline"));
        return p.Bool("overdue") ? $"{deadline} OVERDUE".TrimStart() : deadline;
    }

    private static string Stale(JsonElement record) => record.Bool("stale") ? " (stale)" : "";

    private static string Comment(JsonElement record) =>
        record.Str("comment") is { Length: > 0 } comment ? $": {comment}" : "";

    private static void AddIfPresent(Table table, string name, string? value)
    {
        if (value is not null)
            table.Add(name, value);
    }

    private static void WriteSection(TextWriter output, int width, JsonElement p, string field, string heading, string[] headers, Func<JsonElement, string?[]> row)
    {
        var items = p.Items(field).ToList();
        if (items.Count == 0 && field is "commits")
            return;
        output.WriteLine();
        output.WriteLine(items.Count == 0 ? $"{heading}: none" : $"{heading}:");
        if (items.Count == 0)
            return;
        var table = new Table(headers);
        foreach (var item in items)
            table.Add(row(item));
        table.Write(output, "  ", width: width);
    }
}
