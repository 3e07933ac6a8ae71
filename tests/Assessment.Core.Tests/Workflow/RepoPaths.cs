using Assessment.Core.Workflow;

namespace Assessment.Core.Tests.Workflow;

// Tests read the real workflow documents, so a change to them is tested as it ships.
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workflows => Path.Combine(Root, "workflows");

    public static string WorkflowFile(string name) => Path.Combine(Workflows, name + ".md");

    public static string ReadWorkflow(string name) => File.ReadAllText(WorkflowFile(name));

    public static RoleCatalog Roles { get; } = RoleLoader.LoadFrom(Workflows);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Assessment.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Assessment.sln");
    }
}
