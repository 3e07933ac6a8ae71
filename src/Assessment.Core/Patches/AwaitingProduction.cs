using Assessment.Core.Data;
using Assessment.Core.Environments;

namespace Assessment.Core.Patches;

internal static class AwaitingProductionOf
{
    // Production environments that do not yet run the patch's blessed commit.
    public static IEnumerable<DeploymentEnvironment> AwaitingProduction(this DeploymentEnvironments environments, Patch patch) =>
        environments.AwaitingProduction(patch.Blessing?.Commit, patch.Deployments.Select(d => (d.Environment, d.Commit)));
}
