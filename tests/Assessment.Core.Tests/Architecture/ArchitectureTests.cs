using Assessment.Core.Workflow;
using NetArchTest.Rules;

namespace Assessment.Core.Tests.Architecture;

// The shape of Core, checked on the compiled assembly: the engine judges plain facts and knows
// no database, git or HTTP; only Git uses LibGit2Sharp; Core's folders form no cycle.
public sealed class ArchitectureTests
{
    private const string Root = "Assessment.Core";

    [Fact]
    public void The_workflow_engine_knows_no_database_git_http_or_patch_service()
    {
        var result = Types.InAssembly(typeof(WorkflowEngine).Assembly)
            .That().ResideInNamespace(Root + ".Workflow")
            .ShouldNot().HaveDependencyOnAny(
                Root + ".Data", Root + ".Patches", Root + ".Git", Root + ".Evidence", Root + ".Users",
                "Microsoft.EntityFrameworkCore", "LibGit2Sharp", "Microsoft.AspNetCore", "System.Net.Http")
            .GetResult();
        Assert.True(result.IsSuccessful, "depends on what it must not: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    // Git is where LibGit2Sharp belongs; every other folder holds a GitRepo and asks Git's
    // readers (GitReader, CommitWalk, GitTrees) what it needs.
    [Fact]
    public void LibGit2Sharp_is_used_only_through_Git()
    {
        Assert.True(DependsOnLibGit2Sharp("Git"), "the dependency check sees nothing: Git opens repositories with LibGit2Sharp");
        foreach (var folder in Folders().Where(f => f != "Git"))
        {
            var result = InFolder(folder).ShouldNot().HaveDependencyOn("LibGit2Sharp").GetResult();
            Assert.True(result.IsSuccessful, $"{folder} uses LibGit2Sharp directly: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    private static bool DependsOnLibGit2Sharp(string folder) =>
        !InFolder(folder).ShouldNot().HaveDependencyOn("LibGit2Sharp").GetResult().IsSuccessful;

    // The audit log is written by patches, repositories, users and evidence alike, and the
    // deployment environments are named by all of them: leaves, using no folder of theirs.
    [Theory]
    [InlineData("Audit", new[] { "Data" })]
    [InlineData("Environments", new[] { "Input" })]
    public void Leaves_use_no_other_folder(string leaf, string[] allowed)
    {
        var used = Folders().Where(f => f != leaf && !allowed.Contains(f, StringComparer.Ordinal) && DependsOn(leaf, f)).ToList();
        Assert.True(used.Count == 0, $"{leaf} uses {string.Join(", ", used)}");
    }

    [Fact]
    public void Core_folders_form_no_cycles()
    {
        var folders = Folders();
        Assert.True(DependsOn("Patches", "Workflow"), "the dependency check sees nothing: the patch services run the engine");
        Assert.False(DependsOn("Git", "GitHub"), "Git must not use GitHub");
        var uses = folders.ToDictionary(f => f, f => folders.Where(g => g != f && DependsOn(f, g)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var inCycles = folders.Where(f => Reaches(uses, f, f)).Order(StringComparer.Ordinal).ToList();
        var cycles = string.Join("; ", inCycles.Select(f => $"{f} -> {string.Join(",", uses[f].Where(g => Reaches(uses, g, f)))}"));
        Assert.True(inCycles.Count == 0, "folders in a cycle: " + cycles);
    }

    private static List<string> Folders() =>
        typeof(WorkflowEngine).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(n => n[(Root.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    // A folder's types are those of its namespace and the ones below it, and only those: a
    // prefix alone would count GitHub's types as Git's.
    private static PredicateList InFolder(string folder) =>
        Types.InAssembly(typeof(WorkflowEngine).Assembly).That().ResideInNamespaceMatching($@"^{Root}\.{folder}(\..+)?$");

    // By the full names of the other folder's types, for the same reason.
    private static bool DependsOn(string folder, string other) =>
        !InFolder(folder).ShouldNot().HaveDependencyOnAny(TypesIn(other)).GetResult().IsSuccessful;

    private static string[] TypesIn(string folder) =>
        [.. typeof(WorkflowEngine).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace is { } n && (n == $"{Root}.{folder}" || n.StartsWith($"{Root}.{folder}.", StringComparison.Ordinal)))
            .Select(t => t.FullName!)];

    private static bool Reaches(Dictionary<string, HashSet<string>> uses, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(uses[from]);
        while (queue.TryDequeue(out var next))
        {
            if (next == to) return true;
            if (seen.Add(next)) foreach (var n in uses[next]) queue.Enqueue(n);
        }
        return false;
    }
}
