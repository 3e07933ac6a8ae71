using System.Security.Cryptography;
using System.Text;
using Assessment.Core.Workflow;

namespace Assessment.Core.Tests.Workflow;

public sealed class WorkflowLoaderTests
{
    [Fact]
    public void Every_document_in_workflows_loads()
    {
        var workflows = WorkflowLoader.LoadDirectory(RepoPaths.Workflows);

        var expected = Directory.GetFiles(RepoPaths.Workflows, "*.md")
            .Where(f => Path.GetFileName(f) != RoleCatalog.FileName)
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, workflows.All.Select(w => w.Name));
        Assert.Contains(workflows.All, w => w.Name == "regular");
        Assert.Contains(workflows.All, w => w.Name == "emergency");
    }

    [Fact]
    public void Regular_counts_two_approvals_and_passes_distinct_from_them()
    {
        var regular = WorkflowLoader.Load(RepoPaths.WorkflowFile("regular"), RepoPaths.Roles);

        Assert.Equal("regular", regular.Name);
        Assert.Equal("Regular patch procedure", regular.Title);
        Assert.Equal("submitted", regular.InitialState.Name);
        Assert.Equal(2, regular.FindCount("approvals")!.AtLeast);
        Assert.Equal("approve", regular.FindCount("approvals")!.OfAction);
        Assert.Equal(["approvals"], regular.FindCount("passes")!.DistinctFrom);
        Assert.Empty(regular.Deadlines);

        var approve = regular.FindAction("approve")!;
        Assert.Equal(["submitted", "reviewed"], approve.From);
        Assert.Equal("reviewed", approve.To);
        Assert.Equal(["assessor"], approve.Who);
        Assert.Equal(["author", "commit-author"], approve.NotBy);
        Assert.Equal("approvals", approve.MovesWhen);
        Assert.Empty(regular.FindAction("submit")!.From);
        Assert.Null(regular.FindAction("bless")!.MovesWhen);
        Assert.Equal(["author", "admin"], regular.FindAction("withdraw")!.Who);
        Assert.True(regular.IsFinal("withdrawn"));
        Assert.False(regular.IsFinal("deployed")); // further production environments may follow
        Assert.False(regular.IsFinal("blessed"));
    }

    [Fact]
    public void Emergency_deadline_is_fourteen_days_from_the_declaration()
    {
        var emergency = WorkflowLoader.Load(RepoPaths.WorkflowFile("emergency"), RepoPaths.Roles);

        var deadline = Assert.Single(emergency.Deadlines);
        Assert.Equal("review", deadline.Name);
        Assert.Equal(TimeSpan.FromDays(14), deadline.Duration);
        Assert.Equal("declare", deadline.CountedFrom);
        Assert.Equal(["blessed", "remediated"], deadline.MetIn);
        Assert.Equal("awaiting-review", emergency.InitialState.Name);
        Assert.Equal(["author", "commit-author", "declarer"], emergency.FindAction("bless")!.NotBy);
    }

    [Fact]
    public void Rows_carry_their_one_based_line_in_the_document()
    {
        var text = RepoPaths.ReadWorkflow("regular");
        var regular = WorkflowLoader.Parse(text, "regular.md", RepoPaths.Roles);

        Assert.Equal(LineOf(text, "| approve | submitted"), regular.FindAction("approve")!.Line);
        Assert.Equal(LineOf(text, "| tested | active | Enough"), regular.FindState("tested")!.Line);
        Assert.Equal(LineOf(text, "| passes | 2"), regular.FindCount("passes")!.Line);
    }

    [Fact]
    public void Editing_the_approvals_row_changes_the_rule()
    {
        var text = RepoPaths.ReadWorkflow("regular");
        Assert.Contains("| approvals | 2 |", text, StringComparison.Ordinal);

        var edited = text.Replace("| approvals | 2 |", "| approvals | 3 |", StringComparison.Ordinal);

        Assert.Equal(3, WorkflowLoader.Parse(edited, "regular.md", RepoPaths.Roles).FindCount("approvals")!.AtLeast);
    }

    [Fact]
    public void Inline_code_and_emphasis_in_cells_are_read_as_plain_names()
    {
        var text = RepoPaths.ReadWorkflow("regular").Replace(
            "| approve | submitted, reviewed | reviewed |",
            "| `approve` | *submitted*, **reviewed** | `reviewed` |",
            StringComparison.Ordinal);

        var approve = WorkflowLoader.Parse(text, "regular.md", RepoPaths.Roles).FindAction("approve")!;

        Assert.Equal(["submitted", "reviewed"], approve.From);
        Assert.Equal("reviewed", approve.To);
    }

    [Fact]
    public void Content_hash_is_the_sha256_of_the_bytes_as_read()
    {
        var dir = Directory.CreateTempSubdirectory("workflows-");
        try
        {
            var path = Path.Combine(dir.FullName, "regular.md");
            var bytes = Encoding.UTF8.GetPreamble().Concat(File.ReadAllBytes(RepoPaths.WorkflowFile("regular"))).ToArray();
            File.WriteAllBytes(path, bytes);

            var loaded = WorkflowLoader.Load(path, RepoPaths.Roles);

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), loaded.ContentHash);
            Assert.Equal(RepoPaths.ReadWorkflow("regular"), loaded.Markdown);
            Assert.Equal(path, loaded.FilePath);
            Assert.Equal("regular", loaded.Name);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_folder_without_documents_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("workflows-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not a workflow");

            var error = Assert.Throws<WorkflowException>(() => WorkflowLoader.LoadDirectory(dir.FullName));

            Assert.Equal(dir.FullName, error.FilePath);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("14 days", 14 * 24 * 60)]
    [InlineData("1 day", 24 * 60)]
    [InlineData("36 hours", 36 * 60)]
    [InlineData("90 minutes", 90)]
    [InlineData("2 weeks", 14 * 24 * 60)]
    public void Durations_are_a_whole_number_and_a_unit(string text, int minutes)
    {
        var emergency = WorkflowLoader.Parse(EmergencyWithDuration(text), "emergency.md", RepoPaths.Roles);

        Assert.Equal(TimeSpan.FromMinutes(minutes), emergency.Deadlines[0].Duration);
    }

    [Theory]
    [InlineData("14")]
    [InlineData("days")]
    [InlineData("1.5 days")]
    [InlineData("-1 days")]
    [InlineData("14 fortnights")]
    [InlineData("99999999999999 weeks")]
    public void Other_durations_are_refused_on_their_line(string text)
    {
        var markdown = EmergencyWithDuration(text);

        var error = Assert.Throws<WorkflowException>(() => WorkflowLoader.Parse(markdown, "emergency.md", RepoPaths.Roles));

        Assert.Equal(LineOf(markdown, $"| {text} |"), error.Line);
        Assert.Contains($"'{text}'", error.Problem, StringComparison.Ordinal);
    }

    private static string EmergencyWithDuration(string duration) =>
        RepoPaths.ReadWorkflow("emergency").Replace("| 14 days |", $"| {duration} |", StringComparison.Ordinal);

    internal static int LineOf(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' is not in the text");
        Assert.Equal(index, text.LastIndexOf(fragment, StringComparison.Ordinal));
        return text[..index].Count(c => c == '\n') + 1;
    }
}
