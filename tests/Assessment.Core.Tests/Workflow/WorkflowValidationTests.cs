using Assessment.Core.Workflow;

namespace Assessment.Core.Tests.Workflow;

// Each row is one small edit of a real document; the loader must refuse it on the edited
// line (or line 1 when a whole section is missing) and name what is at fault.
public sealed class WorkflowValidationTests
{
    private const string Regular = "regular";
    private const string Emergency = "emergency";
    private const string Withdrawn = "| withdrawn | final | The author or an admin withdrew the patch. |";
    private const string Submit = "| submit | | submitted | developer | | |";

    [Theory]
    [InlineData(Regular, "| bless | tested |", "| bless | tesed |", "tesed")]
    [InlineData(Regular, "| bless | tested | blessed |", "| bless | tested | blesed |", "blesed")]
    [InlineData(Regular, Withdrawn, Withdrawn + "\n| limbo | active | Nobody moves here. |", "limbo")]
    [InlineData(Regular, Withdrawn, Withdrawn + "\n| reviewed | active | Twice. |", "reviewed")]
    [InlineData(Regular, "| blessed, deployed | deployed | sysadmin |", "| blessed, deployed | deployed | sysadmn |", "sysadmn")]
    [InlineData(Regular, "| bless | tested | blessed | assessor |", "| bless | tested | blessed | |", "bless")]
    [InlineData(Regular, "| bless | tested |", "| blesss | tested |", "blesss")]
    [InlineData(Regular, "| bless | tested |", "| bless | |", "bless")]
    [InlineData(Regular, "| assessor | author, commit-author | approvals |", "| assessor | author, commit-author | aprovals |", "aprovals")]
    [InlineData(Regular, "| reviewed | active |", "| reviewed | initial |", "reviewed")]
    [InlineData(Regular, "| tested | active |", "| tested | pending |", "pending")]
    [InlineData(Regular, "| withdraw | submitted,", "| withdraw | withdrawn, submitted,", "withdrawn")]
    [InlineData(Regular, "| approvals | 2 |", "| approvals | 0 |", "approvals")]
    [InlineData(Regular, "| approvals | 2 |", "| approvals | two |", "two")]
    [InlineData(Regular, "| approvals | 2 | approve |", "| approvals | 2 | bless |", "bless")]
    [InlineData(Regular, "| pass | approvals |", "| pass | passes |", "passes")]
    [InlineData(Regular, "| pass | approvals |", "| pass | reviews |", "reviews")]
    [InlineData(Regular, "| Who | Not by |", "| Who | Except |", "Except")]
    [InlineData(Regular, "| Not by | Moves when |", "| Not by |", "Moves when")]
    [InlineData(Emergency, "| Counted from | Met in |", "| Counted from | Met in | Note |", "Note")]
    [InlineData(Regular, Submit, "| submit | reviewed | submitted | developer | | |", "submit")]
    [InlineData(Regular, Submit, "| submit | | reviewed | developer | | |", "reviewed")]
    [InlineData(Regular, Submit, Submit + "\n| declare | | submitted | sysadmin | | |", "declare")]
    [InlineData(Regular, "## Deployments", "## Counts", "Counts")]
    [InlineData(Regular, "| tester | author, commit-author | passes |", "| testers | author, commit-author | passes |", "testers")]
    [InlineData(Emergency, "| 14 days |", "| 14 fortnights |", "14 fortnights")]
    [InlineData(Emergency, "| 14 days |", "| 0 days |", "0 days")]
    [InlineData(Emergency, "| 14 days | declare |", "| 14 days | submit |", "submit")]
    [InlineData(Emergency, "| blessed, remediated |", "| blessed, remediatd |", "remediatd")]
    [InlineData(Emergency, "| author, commit-author, declarer | |\n| remediate", "| author, commit-author, decl | |\n| remediate", "decl")]
    [InlineData(Regular, "| bless | bless | head | approvals, passes |", "| bless | bless | head | approvals, pases |", "pases")]
    [InlineData(Regular, "| withdraw | withdraw |", "| retract | withdraw |", "retract")]
    [InlineData(Regular, "| deploy test | deploy-test | head |", "| deploy test | deploy-test | tip |", "tip")]
    [InlineData(Regular, "| blessing | distinct-witness, forward | closes-followed |", "| blessing | distinct-witness, forward | closes-all |", "closes-all")]
    [InlineData(Regular, "| blessing | distinct-witness, forward |", "| blessing | distinct-witness, onward |", "onward")]
    [InlineData(Emergency, "| follow-up deployed | remediate | | | | Remediated by its follow-up |", "| follow-up deployed | remediate | | | | Remediated by its follow-up |\n| test skip | pass | head | | | Skip |", "test skip")]
    public void A_malformed_row_is_refused_on_its_line(string workflow, string find, string replace, string offending)
    {
        var (original, edited) = Edit(workflow, find, replace);

        var error = Assert.Throws<WorkflowException>(() => WorkflowLoader.Parse(edited, workflow + ".md", RepoPaths.Roles));

        Assert.Equal(FirstChangedLine(original, edited), error.Line);
        Assert.Contains($"'{offending}'", error.Problem, StringComparison.Ordinal);
        Assert.Equal(workflow + ".md", error.FilePath);
    }

    [Theory]
    [InlineData(Regular, "## Actions", "## Transitions", "Actions")]
    [InlineData(Regular, "## States", "## Stages", "States")]
    [InlineData(Emergency, "## Actions", "## Steps", "Actions")]
    public void A_missing_section_is_refused_on_line_one(string workflow, string find, string replace, string section)
    {
        var (_, edited) = Edit(workflow, find, replace);

        var error = Assert.Throws<WorkflowException>(() => WorkflowLoader.Parse(edited, workflow + ".md", RepoPaths.Roles));

        Assert.Equal(1, error.Line);
        Assert.Contains(section, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_without_anyone_allowed_says_so()
    {
        var (_, edited) = Edit(Regular, "| bless | tested | blessed | assessor |", "| bless | tested | blessed | |");

        var error = Assert.Throws<WorkflowException>(() => WorkflowLoader.Parse(edited, "regular.md", RepoPaths.Roles));

        Assert.Equal("action 'bless' allows no one (Who is empty)", error.Problem);
    }

    [Fact]
    public void An_unreachable_state_names_the_initial_state()
    {
        var (_, edited) = Edit(Regular, Withdrawn, Withdrawn + "\n| limbo | active | Nobody moves here. |");

        var error = Assert.Throws<WorkflowException>(() => WorkflowLoader.Parse(edited, "regular.md", RepoPaths.Roles));

        Assert.Equal("state 'limbo' is unreachable from the initial state 'submitted'", error.Problem);
    }

    private static (string Original, string Edited) Edit(string workflow, string find, string replace)
    {
        var original = RepoPaths.ReadWorkflow(workflow);
        // The edit must hit exactly one place, or the row's expected line means nothing.
        var at = original.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in {workflow}.md");
        Assert.Equal(at, original.LastIndexOf(find, StringComparison.Ordinal));
        return (original, original[..at] + replace + original[(at + find.Length)..]);
    }

    private static int FirstChangedLine(string original, string edited)
    {
        var before = original.Split('\n');
        var after = edited.Split('\n');
        var index = 0;
        while (index < before.Length && index < after.Length && before[index] == after[index])
            index++;
        return index + 1;
    }
}
