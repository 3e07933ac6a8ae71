using System.Security.Cryptography;
using System.Text;

namespace Assessment.Core.Workflow;

// Reads workflows/roles.md. Columns are found by their header, so a document may add a
// column for people (who holds the role) and a row for a new role without a code change.
internal static class RoleLoader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] Required = ["Role", "Excludes", "Administers", "Reads evidence"];
    private const string ChecksPushes = "Checks pushes";

    public static RoleCatalog LoadFrom(string directory)
    {
        var path = Path.Combine(directory, RoleCatalog.FileName);
        if (!File.Exists(path))
            throw new WorkflowException(path, 0, "the roles document does not exist; it lists every role a workflow may name");
        var bytes = File.ReadAllBytes(path);
        string markdown;
        try
        {
            markdown = Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WorkflowException(path, 1, "the document is not valid UTF-8");
        }
        return Build(markdown.StartsWith('\uFEFF') ? markdown[1..] : markdown, path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static RoleCatalog Parse(string markdown, string filePath) =>
        Build(markdown, filePath, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markdown))));

    private static RoleCatalog Build(string markdown, string filePath, string contentHash)
    {
        var tables = WorkflowTables.Read(markdown, filePath);
        var table = tables.Find("Roles")
            ?? throw new WorkflowException(filePath, 1, "the document has no '## Roles' section with a table");
        var column = Required.ToDictionary(c => c, c => ColumnOf(table, c, filePath), StringComparer.Ordinal);
        // Optional: a document without it gives no role the push check (admins still may).
        var checksPushes = table.Header.Cells.ToList().FindIndex(c => string.Equals(c, ChecksPushes, StringComparison.OrdinalIgnoreCase));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var roles = new List<RoleDefinition>();
        foreach (var row in table.Rows)
        {
            var name = row.Cell(column["Role"]);
            if (name.Length == 0)
                throw new WorkflowException(filePath, row.Line, "a role row has no name");
            if (!names.Add(name))
                throw new WorkflowException(filePath, row.Line, $"role '{name}' is defined twice");
            var excludes = row.Cell(column["Excludes"]).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            roles.Add(new RoleDefinition(name, excludes,
                YesNo(row, column["Administers"], name, "Administers", filePath),
                YesNo(row, column["Reads evidence"], name, "Reads evidence", filePath),
                row.Line)
            {
                ChecksPushes = checksPushes >= 0 && YesNo(row, checksPushes, name, ChecksPushes, filePath),
            });
        }
        Validate(roles, table.Header.Line, filePath);
        return new RoleCatalog(filePath, contentHash, markdown, roles);
    }

    private static void Validate(List<RoleDefinition> roles, int headerLine, string filePath)
    {
        if (roles.Count == 0)
            throw new WorkflowException(filePath, headerLine, "the Roles table defines no role");
        // Someone must be able to grant roles, or nobody could ever be given one.
        if (!roles.Any(r => r.Administers))
            throw new WorkflowException(filePath, headerLine, "no role administers (grants roles); at least one must");
        foreach (var role in roles)
        {
            foreach (var excluded in role.Excludes)
            {
                var other = roles.FirstOrDefault(r => string.Equals(r.Name, excluded, StringComparison.Ordinal));
                if (other is null)
                    throw new WorkflowException(filePath, role.Line, $"role '{role.Name}' excludes unknown role '{excluded}'");
                if (other == role)
                    throw new WorkflowException(filePath, role.Line, $"role '{role.Name}' excludes itself");
                // A reader of either row must see the rule.
                if (!other.Excludes.Contains(role.Name, StringComparer.Ordinal))
                    throw new WorkflowException(filePath, other.Line,
                        $"role '{role.Name}' excludes '{other.Name}', so '{other.Name}' must exclude '{role.Name}' too");
            }
        }
    }

    private static int ColumnOf(SectionTable table, string name, string filePath)
    {
        for (var i = 0; i < table.Header.Cells.Count; i++)
        {
            if (string.Equals(table.Header.Cells[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new WorkflowException(filePath, table.Header.Line,
            $"the Roles table has no column '{name}'; it needs {string.Join(" | ", Required)}");
    }

    private static bool YesNo(TableRowText row, int column, string role, string what, string filePath) =>
        row.Cell(column).ToLowerInvariant() switch
        {
            "yes" => true,
            "no" or "" => false,
            var other => throw new WorkflowException(filePath, row.Line, $"role '{role}' has {what} '{other}'; write yes or no"),
        };
}
