namespace Assessment.Core.Workflow;

// One row of roles.md. Line is where the row stands, for messages that cite the rule.
internal sealed record RoleDefinition(string Name, IReadOnlyList<string> Excludes, bool Administers, bool ReadsEvidence, int Line)
{
    // The Checks pushes column: the role may ask whether a push may pass (the gate's hook).
    public bool ChecksPushes { get; init; }
}

// The roles in force, from workflows/roles.md: which exist, which exclude each other, which
// manage the tool and which may read the evidence. Everything that asks "may this person ..."
// by role asks here, so a row added to the document needs no code.
internal sealed class RoleCatalog(string filePath, string contentHash, string markdown, IReadOnlyList<RoleDefinition> roles)
{
    public const string FileName = "roles.md";

    public string FilePath { get; } = filePath;
    public string ContentHash { get; } = contentHash;
    public string Markdown { get; } = markdown;
    public IReadOnlyList<RoleDefinition> All { get; } = roles;

    public RoleDefinition? Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    public bool IsRole(string name) => Find(name) is not null;

    public IReadOnlyList<string> Names => [.. All.Select(r => r.Name)];

    // The roles a holder of `role` may not also hold.
    public IReadOnlyList<string> Excludes(string role) => Find(role)?.Excludes ?? [];

    public bool Administers(IEnumerable<string> held) => held.Any(r => Find(r)?.Administers == true);

    public bool ChecksPushes(IEnumerable<string> held) => held.Any(r => Find(r)?.ChecksPushes == true);

    public IReadOnlyList<string> CheckingPushes => [.. All.Where(r => r.ChecksPushes).Select(r => r.Name)];

    public bool ReadsEvidence(IEnumerable<string> held) => held.Any(r => Find(r)?.ReadsEvidence == true);

    // The role given to the first user on an empty database: the first that administers.
    public RoleDefinition FirstAdministering => All.First(r => r.Administers);

    // The first pair of roles in `held` that exclude each other, with the row that says so.
    public (RoleDefinition Role, string Excluded)? Conflict(IReadOnlyCollection<string> held)
    {
        foreach (var role in All.Where(r => held.Contains(r.Name, StringComparer.Ordinal)))
        {
            var excluded = role.Excludes.FirstOrDefault(x => held.Contains(x, StringComparer.Ordinal));
            if (excluded is not null) return (role, excluded);
        }
        return null;
    }

    public RuleCitation Cite(RoleDefinition role) => RuleCitation.Of(FilePath, Markdown, role.Line);
}
