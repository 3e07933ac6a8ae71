using Assessment.Core.Data;
using Assessment.Core.Patches;

namespace Assessment.Core;

// The "Assessment" configuration section (env: Assessment__DataDirectory and so on).
internal sealed class AssessmentOptions
{
    public string DataDirectory { get; set; } = "data";
    public string WorkflowDirectory { get; set; } = "workflows";
    public string? BootstrapToken { get; set; }
    public List<DeploymentEnvironment> Environments { get; set; } = [];
    public DatabaseOptions Database { get; set; } = new();

    public const string DatabaseFileName = "assessment.db";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), DatabaseFileName);
}
