namespace Assessment.Core.Environments;

// A leaf that patches, evidence and the pages use, and that uses nothing of theirs.
// The deployment targets an organisation declares, each of kind test or production. The
// defaults are one of each, named after their kind.
internal sealed record DeploymentEnvironment(string Name, string Kind);

internal sealed class DeploymentEnvironments(IReadOnlyList<DeploymentEnvironment> declared)
{
    public const string Test = "test";
    public const string Production = "production";

    public static DeploymentEnvironments Default { get; } = new([new(Test, Test), new(Production, Production)]);

    public IReadOnlyList<DeploymentEnvironment> All { get; } = declared.Count == 0 ? Default.All : declared;

    // Production environments that do not yet run the blessed commit (none without a blessing),
    // given where each deployment of the patch put which commit.
    public IEnumerable<DeploymentEnvironment> AwaitingProduction(string? blessed, IEnumerable<(string Environment, string Commit)> deployed) =>
        All.Where(e => e.Kind == Production && blessed is not null && !deployed.Any(d =>
            d.Environment == e.Name && string.Equals(d.Commit, blessed, StringComparison.Ordinal)));

    public DeploymentEnvironment Get(string? name)
    {
        if (string.IsNullOrWhiteSpace(Input.Fields.Line(name, "environment", Input.Fields.NameMax)))
        {
            throw Refusal.Malformed("environment: required (" + string.Join(", ", All.Select(e => e.Name)) + ")");
        }
        return All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal))
            ?? throw Refusal.Invalid($"environment: '{name}' is not a declared environment (" +
                string.Join(", ", All.Select(e => e.Name)) + ")");
    }
}
