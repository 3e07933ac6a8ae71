using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Assessment.Core.Workflow;

// Reads the workflow documents in workflows/*.md. Any document the engine could not enforce
// exactly as written is refused with file, line and problem, so the service never starts on
// a process nobody meant.
internal static class WorkflowLoader
{
    // Strict decoding: a mangled byte in a rule document must fail loudly, not become U+FFFD.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The roles document first: every workflow is checked against the roles it defines.
    public static WorkflowCatalog LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new WorkflowException(directory, 0, "the workflow directory does not exist");
        var files = Directory.GetFiles(directory, "*.md")
            .Where(f => string.Equals(Path.GetExtension(f), ".md", StringComparison.OrdinalIgnoreCase))
            .Where(f => !string.Equals(Path.GetFileName(f), RoleCatalog.FileName, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new WorkflowException(directory, 0, "the workflow directory holds no .md documents");
        var roles = RoleLoader.LoadFrom(directory);
        var workflows = files.Select(f => Load(f, roles)).ToList();
        RequestValidator.ValidateCatalog(workflows, directory);
        return new WorkflowCatalog(workflows, roles);
    }

    public static WorkflowDefinition Load(string filePath, RoleCatalog roles)
    {
        var bytes = File.ReadAllBytes(filePath);
        string markdown;
        try
        {
            markdown = Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WorkflowException(filePath, 1, "the document is not valid UTF-8");
        }
        // A byte order mark is not part of the text, but it is part of what was hashed.
        return Build(markdown.StartsWith('\uFEFF') ? markdown[1..] : markdown, filePath, Hash(bytes), roles);
    }

    public static WorkflowDefinition Parse(string markdown, string filePath, RoleCatalog roles) =>
        Build(markdown, filePath, Hash(Encoding.UTF8.GetBytes(markdown)), roles);

    private static WorkflowDefinition Build(string markdown, string filePath, string contentHash, RoleCatalog roles)
    {
        var tables = WorkflowTables.Read(markdown, filePath);
        var title = tables.Title ?? throw new WorkflowException(filePath, 1, "the document has no title (a '# ' heading)");
        var statesTable = Require(tables, "States", filePath);
        var actionsTable = Require(tables, "Actions", filePath);
        CheckRoles(tables.Find("Roles"), filePath, roles);

        var workflow = new WorkflowDefinition(
            Path.GetFileNameWithoutExtension(filePath),
            filePath,
            title,
            contentHash,
            markdown,
            States(statesTable, filePath),
            Actions(actionsTable, filePath),
            tables.Find("Counts") is { } counts ? Counts(counts, filePath) : [],
            tables.Find("Deadline") is { } deadlines ? Deadlines(deadlines, filePath) : [])
        {
            KeptOnRebase = tables.Find("Rebase") is { } rebase ? KeptOnRebase(rebase, filePath) : new HashSet<string>(StringComparer.Ordinal),
            Requests = Requests(Require(tables, "Requests", filePath), filePath),
            Signatures = SignatureRules.Read(tables.Find(SignatureRules.Section), filePath),
        };
        WorkflowValidator.Validate(workflow, statesTable.Header.Line, actionsTable.Header.Line, roles);
        RequestValidator.Validate(workflow, Require(tables, "Requests", filePath).Header.Line);
        SignatureRules.Validate(workflow);
        return workflow;
    }

    private static SectionTable Require(WorkflowTables tables, string section, string filePath) =>
        tables.Find(section) ?? throw new WorkflowException(filePath, 1, $"the document has no '## {section}' section with a table");

    // roles.md defines the roles; a workflow's own Roles table, where it keeps one for its
    // readers, may only name roles defined there.
    private static void CheckRoles(SectionTable? roles, string filePath, RoleCatalog catalog)
    {
        if (roles is null)
            return;
        if (!string.Equals(roles.Header.Cell(0), "Role", StringComparison.OrdinalIgnoreCase))
            throw new WorkflowException(filePath, roles.Header.Line, $"the Roles table must start with a 'Role' column, not '{roles.Header.Cell(0)}'");
        foreach (var row in roles.Rows)
        {
            if (!catalog.IsRole(row.Cell(0)))
                throw new WorkflowException(filePath, row.Line, $"unknown role '{row.Cell(0)}' in the Roles table; {RoleCatalog.FileName} defines the roles");
        }
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static List<WorkflowState> States(SectionTable table, string filePath)
    {
        RequireColumns(table, filePath, "State", "Kind", "Meaning");
        var names = new HashSet<string>(StringComparer.Ordinal);
        return table.Rows.Select(row => new WorkflowState(
            Name(row, "state", names, filePath),
            row.Cell(1) switch
            {
                "initial" => StateKind.Initial,
                "active" => StateKind.Active,
                "final" => StateKind.Final,
                var kind => throw new WorkflowException(filePath, row.Line,
                    $"state '{row.Cell(0)}' has unknown kind '{kind}' (initial, active or final)"),
            },
            row.Cell(2),
            row.Line)).ToList();
    }

    private static List<WorkflowAction> Actions(SectionTable table, string filePath)
    {
        RequireColumns(table, filePath, "Action", "From", "To", "Who", "Not by", "Moves when");
        var names = new HashSet<string>(StringComparer.Ordinal);
        return table.Rows.Select(row => new WorkflowAction(
            Name(row, "action", names, filePath),
            List(row.Cell(1)),
            row.Cell(2),
            List(row.Cell(3)),
            List(row.Cell(4)),
            row.Cell(5).Length == 0 ? null : row.Cell(5),
            row.Line)).ToList();
    }

    private static List<WorkflowRequest> Requests(SectionTable table, string filePath)
    {
        RequireColumns(table, filePath, "Request", "Action", "Commit", "Requires", "Effect", "Label");
        var names = new HashSet<string>(StringComparer.Ordinal);
        return table.Rows.Select(row => new WorkflowRequest(
            Name(row, "request", names, filePath),
            row.Cell(1),
            row.Cell(2).Length == 0 ? null : row.Cell(2),
            List(row.Cell(3)),
            List(row.Cell(4)),
            row.Cell(5),
            row.Line)).ToList();
    }

    private static List<WorkflowCount> Counts(SectionTable table, string filePath)
    {
        RequireColumns(table, filePath, "Count", "At least", "Of action", "Distinct from");
        var names = new HashSet<string>(StringComparer.Ordinal);
        return table.Rows.Select(row =>
        {
            var name = Name(row, "count", names, filePath);
            if (!int.TryParse(row.Cell(1), NumberStyles.None, CultureInfo.InvariantCulture, out var atLeast) || atLeast < 1)
                throw new WorkflowException(filePath, row.Line,
                    $"count '{name}' has At least '{row.Cell(1)}'; it must be a positive whole number");
            return new WorkflowCount(name, atLeast, row.Cell(2), List(row.Cell(3)), row.Line);
        }).ToList();
    }

    private static List<WorkflowDeadline> Deadlines(SectionTable table, string filePath)
    {
        RequireColumns(table, filePath, "Deadline", "Duration", "Counted from", "Met in");
        var names = new HashSet<string>(StringComparer.Ordinal);
        return table.Rows.Select(row =>
        {
            var name = Name(row, "deadline", names, filePath);
            if (!TryParseDuration(row.Cell(1), out var duration))
                throw new WorkflowException(filePath, row.Line,
                    $"deadline '{name}' has Duration '{row.Cell(1)}'; write a whole number and a unit, e.g. '14 days', '36 hours'");
            if (duration <= TimeSpan.Zero)
                throw new WorkflowException(filePath, row.Line, $"deadline '{name}' has Duration '{row.Cell(1)}'; it must be positive");
            return new WorkflowDeadline(name, duration, row.Cell(2), List(row.Cell(3)), row.Line);
        }).ToList();
    }

    // | Action | Kept | rows: yes keeps that action's records on a rebase, no lets them go stale.
    private static HashSet<string> KeptOnRebase(SectionTable table, string filePath)
    {
        RequireColumns(table, filePath, "Action", "Kept");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var name = Name(row, "rebase", names, filePath);
            _ = row.Cell(1).ToLowerInvariant() switch
            {
                "yes" => kept.Add(name),
                "no" => false,
                var other => throw new WorkflowException(filePath, row.Line, $"action '{name}' has Kept '{other}' in the Rebase table; write yes or no"),
            };
        }
        return kept;
    }

    private static void RequireColumns(SectionTable table, string filePath, params string[] expected)
    {
        var found = table.Header.Cells;
        for (var i = 0; i < Math.Max(found.Count, expected.Length); i++)
        {
            var problem = i >= expected.Length ? $"has an extra column '{found[i]}'"
                : i >= found.Count || found[i].Length == 0 ? $"has no column '{expected[i]}'"
                : string.Equals(found[i], expected[i], StringComparison.OrdinalIgnoreCase) ? null
                : $"has column '{found[i]}' where '{expected[i]}' belongs";
            if (problem is not null)
                throw new WorkflowException(filePath, table.Header.Line,
                    $"the {table.Section} table {problem}; its columns are {string.Join(" | ", expected)}");
        }
    }

    private static string Name(TableRowText row, string what, HashSet<string> seen, string filePath)
    {
        var name = row.Cell(0);
        if (name.Length == 0)
            throw new WorkflowException(filePath, row.Line, $"a {what} row has no name");
        if (!seen.Add(name))
            throw new WorkflowException(filePath, row.Line, $"{what} '{name}' is defined twice");
        return name;
    }

    private static string[] List(string cell) =>
        cell.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var parts = text.Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            return false;
        long? minutesPerUnit = parts[1] switch
        {
            "minute" or "minutes" => 1,
            "hour" or "hours" => 60,
            "day" or "days" => 60 * 24,
            "week" or "weeks" => 60 * 24 * 7,
            _ => null,
        };
        if (minutesPerUnit is not { } perUnit || amount > (long)TimeSpan.MaxValue.TotalMinutes / perUnit)
            return false;
        duration = TimeSpan.FromMinutes(amount * perUnit);
        return true;
    }
}
