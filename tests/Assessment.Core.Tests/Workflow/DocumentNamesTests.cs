using System.Text.RegularExpressions;
using Assessment.Core.Workflow;

namespace Assessment.Core.Tests.Workflow;

// The documents are the rules: no state, action or role name of the shipped documents, nor a
// document's own name (the kind of patch it makes), appears as a string in the C# of Core, the
// server or the command line, so renaming one in the documents needs no code.
public sealed class DocumentNamesTests
{
    // API.md's own words (requests, verdicts, results, nextActions), which stay whatever a
    // document calls its actions; the documents' Requests tables map them onto the actions.
    private static readonly HashSet<string> ApiWords = new(StringComparer.Ordinal)
    {
        "submit", "declare", "revise", "withdraw", "bless", "approve", "request-changes", "pass", "fail",
        "deploy-test", "deploy-production", "review", "test",
    };

    [Fact]
    public void No_state_or_action_name_of_the_shipped_documents_is_written_in_the_code()
    {
        var catalog = WorkflowLoader.LoadDirectory(RepoPaths.Workflows);
        var names = catalog.All.SelectMany(w => w.States.Select(s => s.Name).Concat(w.Actions.Select(a => a.Name)).Append(w.Name))
            .Concat(catalog.Roles.Names)
            .Where(n => !ApiWords.Contains(n) && !Principal.All.Contains(n)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("changes-requested", names);
        Assert.Contains("remediate", names);
        Assert.Contains("emergency", names);
        Assert.Contains("gate", names);
        Assert.Contains("admin", names);

        var found = new List<string>();
        foreach (var file in Sources())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
                foreach (Match m in Regex.Matches(lines[i], "\"([a-z][a-z-]*)\""))
                {
                    if (names.Contains(m.Groups[1].Value) && !IsApiWord(lines[i], m.Index))
                        found.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: \"{m.Groups[1].Value}\"");
                }
            }
        }
        Assert.True(found.Count == 0, "document names written in C#:\n" + string.Join("\n", found));
    }

    // The command line reads API.md's fields off the server's JSON (a deployment's "emergency")
    // and names its verbs as API.md does (assess emergency, assess admin backup): words of the
    // API, not names of the documents.
    private static bool IsApiWord(string line, int quote) =>
        Regex.IsMatch(line[..quote], @"(\.(Str|Bool|Prop|Items|Long)|\bVerb\.Create|\bGroup)\($");

    [Fact]
    public void The_scan_covers_the_command_line()
    {
        Assert.Contains(Sources(), f => f.EndsWith("ListVerb.cs", StringComparison.Ordinal));
        Assert.True(IsApiWord("d.Bool(\"emergency\")", 7));
        Assert.False(IsApiWord("p.Str(\"kind\") == \"emergency\"", 17));
        Assert.True(IsApiWord("Group(\"admin\"", 6));
    }

    // Core, the server and the command line, Razor pages included; generated code (bin, obj,
    // migrations) aside.
    private static IEnumerable<string> Sources() =>
        new[] { "src/Assessment.Core", "src/Assessment.Server", "src/Assessment.Cli" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, d), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
