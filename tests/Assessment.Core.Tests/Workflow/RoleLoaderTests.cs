using Assessment.Core.Workflow;

namespace Assessment.Core.Tests.Workflow;

public sealed class RoleLoaderTests
{
    [Fact]
    public void The_shipped_roles_document_loads()
    {
        var roles = RepoPaths.Roles;

        Assert.Equal(["developer", "assessor", "tester", "sysadmin", "auditor", "admin", "gate"], roles.Names);
        Assert.Equal(["sysadmin"], roles.Excludes("assessor"));
        Assert.True(roles.Administers(["tester", "admin"]));
        Assert.False(roles.Administers(["assessor", "sysadmin", "auditor"]));
        Assert.True(roles.ReadsEvidence(["auditor"]));
        Assert.False(roles.ReadsEvidence(["developer", "tester"]));
        Assert.Equal("admin", roles.FirstAdministering.Name);
        Assert.Equal(("assessor", "sysadmin"), roles.Conflict(["sysadmin", "developer", "assessor"]) is { } c ? (c.Role.Name, c.Excluded) : default);
        Assert.Null(roles.Conflict(["assessor", "tester"]));
    }

    [Fact]
    public void A_column_for_people_and_a_new_row_need_no_code()
    {
        var roles = RoleLoader.Parse("""
            # Roles

            ## Roles

            | Role | Notes | Reads evidence | Administers | Excludes |
            |---|---|---|---|---|
            | admin | x | yes | yes | |
            | gate | the hook | no | no | |
            """, "roles.md");

        Assert.Equal(["admin", "gate"], roles.Names);
        Assert.False(roles.Administers(["gate"]));
    }

    [Theory]
    [InlineData("| a | b | no | no |\n| b | | no | no |\n| c | | yes | no |", 8, "'a' excludes 'b', so 'b' must exclude 'a' too")]
    [InlineData("| a | z | no | no |\n| c | | yes | no |", 7, "excludes unknown role 'z'")]
    [InlineData("| a | | maybe | no |", 7, "Administers 'maybe'; write yes or no")]
    [InlineData("| a | | no | no |", 5, "no role administers")]
    [InlineData("| a | | yes | no |\n| a | | no | no |", 8, "role 'a' is defined twice")]
    public void A_roles_document_that_cannot_be_enforced_is_refused(string rows, int line, string problem)
    {
        var markdown = $"# Roles\n\n## Roles\n\n| Role | Excludes | Administers | Reads evidence |\n|---|---|---|---|\n{rows}\n";

        var error = Assert.Throws<WorkflowException>(() => RoleLoader.Parse(markdown, "roles.md"));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_roles_table_without_a_required_column_is_refused()
    {
        var error = Assert.Throws<WorkflowException>(() =>
            RoleLoader.Parse("# Roles\n\n## Roles\n\n| Role | Excludes | Administers |\n|---|---|---|\n| a | | yes |\n", "roles.md"));

        Assert.Contains("no column 'Reads evidence'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workflow_directory_without_roles_md_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("workflows-");
        try
        {
            File.Copy(RepoPaths.WorkflowFile("regular"), Path.Combine(dir.FullName, "regular.md"));

            var error = Assert.Throws<WorkflowException>(() => WorkflowLoader.LoadDirectory(dir.FullName));

            Assert.EndsWith("roles.md", error.FilePath, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
