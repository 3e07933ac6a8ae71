namespace Assessment.Core.Workflow;

// The workflow documents in force, by name (the file name: "regular", "emergency").
internal sealed class WorkflowCatalog(IReadOnlyList<WorkflowDefinition> definitions, RoleCatalog roles)
{
    public RoleCatalog Roles { get; } = roles;

    public IReadOnlyList<WorkflowDefinition> All { get; } = definitions;

    public WorkflowDefinition Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"no workflow document '{name}.md' is loaded");

    // The document that takes a creating request ("submit", "declare"): the kind of patch it makes.
    public WorkflowDefinition ForCreating(string request) =>
        All.First(d => d.FindRequest(request) is not null);

    public WorkflowDefinition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}
