using Assessment.Core.Workflow;
using NetArchTest.Rules;

namespace Assessment.Core.Tests.Architecture;

// The shape of Core, checked on the compiled assembly: the engine judges plain facts and knows
// no database, git or HTTP; LibGit2Sharp stays where it is; Core's folders do not gain cycles.
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

    // Git is where LibGit2Sharp belongs. These folders still touch its types themselves (the
    // drift walk, the hand-over check, the gate, the GitHub mirror, the patch services and the discussion holding a
    // Repository from GitReader.Open): a ratchet, so that no other folder starts to, and each one
    // moved behind Git comes off the list.
    private static readonly string[] StillUsingLibGit2Sharp = ["Git", "Evidence", "Gate", "GitHub", "Patches", "People"];

    [Fact]
    public void LibGit2Sharp_is_used_only_through_Git()
    {
        foreach (var folder in Folders().Except(StillUsingLibGit2Sharp, StringComparer.Ordinal))
        {
            var result = Types.InAssembly(typeof(WorkflowEngine).Assembly)
                .That().ResideInNamespace($"{Root}.{folder}")
                .ShouldNot().HaveDependencyOn("LibGit2Sharp")
                .GetResult();
            Assert.True(result.IsSuccessful, $"{folder} uses LibGit2Sharp directly: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    // The folders that still depend on each other in a circle (the audit log lives in Evidence,
    // which patches and git use, while the report and drift in Evidence read patches and git).
    // A ratchet: a folder joining a cycle fails here; the list is to shrink to none.
    private static readonly string[] KnownInCycles = ["Evidence", "Git", "GitHub", "Patches"];

    [Fact]
    public void Core_folders_form_no_new_cycles()
    {
        var folders = Folders();
        var uses = folders.ToDictionary(f => f, f => folders.Where(g => g != f && DependsOn(f, g)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var inCycles = folders.Where(f => Reaches(uses, f, f)).Order(StringComparer.Ordinal).ToList();
        var cycles = string.Join("; ", inCycles.Select(f => $"{f} -> {string.Join(",", uses[f].Where(g => Reaches(uses, g, f)))}"));
        Assert.True(inCycles.All(f => KnownInCycles.Contains(f, StringComparer.Ordinal)), "folders in a cycle: " + cycles);
    }

    private static List<string> Folders() =>
        typeof(WorkflowEngine).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(n => n[(Root.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool DependsOn(string folder, string other) =>
        !Types.InAssembly(typeof(WorkflowEngine).Assembly)
            .That().ResideInNamespace($"{Root}.{folder}")
            .ShouldNot().HaveDependencyOn($"{Root}.{other}")
            .GetResult().IsSuccessful;

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
