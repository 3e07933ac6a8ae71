using Assessment.Core.Data;
using Assessment.Core.Environments;

namespace Assessment.Core;

// The "Assessment" configuration section (env: Assessment__DataDirectory and so on).
internal sealed class AssessmentOptions
{
    public string DataDirectory { get; set; } = "data";
    public string WorkflowDirectory { get; set; } = "workflows";
    public string? BootstrapToken { get; set; }
    public List<DeploymentEnvironment> Environments { get; set; } = [];
    public DatabaseOptions Database { get; set; } = new();

    // The server's signing key (a PEM file). Production keeps it apart from the data directory,
    // so that whoever can rewrite the database cannot also sign for it; the default, beside the
    // data, is for development.
    public string? SigningKeyPath { get; set; }

    public string SigningKeyFile => string.IsNullOrWhiteSpace(SigningKeyPath)
        ? Path.Combine(Path.GetFullPath(DataDirectory), Evidence.SigningKey.FileName)
        : Path.GetFullPath(SigningKeyPath);

    public const string DatabaseFileName = "assessment.db";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), DatabaseFileName);
}
