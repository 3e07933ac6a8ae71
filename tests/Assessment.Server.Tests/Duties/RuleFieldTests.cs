using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Duties;

// A refusal that applies a rule of the documents names it as a field of the problem answer,
// not only inside its detail: "rule": {"document", "line", "text"}, the text being the line of
// the document as it stands there (a table row), so a client can show or link the rule.
public sealed class RuleFieldTests
{
    [Fact]
    public async Task The_authors_approval_cites_the_approve_row_of_regular_md()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync("alice");
        var problem = await ProblemAsync(await s.ReviewAsync(id, "alice"), HttpStatusCode.Forbidden);

        AssertRule(problem, "regular.md", "| approve |");
    }

    [Fact]
    public async Task A_production_deployment_of_another_commit_cites_its_requests_row()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var problem = await ProblemAsync(await s.DeployAsync(id, "sam", "production", s.Fix1), HttpStatusCode.Conflict);

        AssertRule(problem, "regular.md", "| deploy production |");
    }

    [Fact]
    public async Task Exclusive_roles_cite_the_roles_row()
    {
        using var s = await Scenario.StartAsync();
        var problem = await ProblemAsync(await s["admin"].PutAsJsonAsync("/api/users/bob/roles",
            new { roles = new[] { "assessor", "sysadmin" }, motion = "m-both" }), HttpStatusCode.Forbidden);

        AssertRule(problem, "roles.md", "| assessor |");
    }

    [Fact]
    public async Task Changing_ones_own_roles_cites_the_administering_roles_row()
    {
        using var s = await Scenario.StartAsync();
        var problem = await ProblemAsync(await s["admin"].PutAsJsonAsync("/api/users/admin/roles",
            new { roles = new[] { "admin", "assessor" }, motion = "m-self" }), HttpStatusCode.Forbidden);

        AssertRule(problem, "roles.md", "| admin |");
    }

    [Fact]
    public async Task A_refusal_of_a_field_cites_no_rule()
    {
        using var s = await Scenario.StartAsync();
        var problem = await ProblemAsync(await s.PostAsync("alice", "/api/patches", new { repository = "cacert-devel" }), HttpStatusCode.BadRequest);

        Assert.False(problem.TryGetProperty("rule", out _), problem.ToString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        await ApiAssert.ProblemAsync(response, status);
        return await ApiAssert.StatusAsync(response, status);
    }

    // The line is looked up in the document, not written here: documents change.
    private static void AssertRule(JsonElement problem, string document, string rowStart)
    {
        Assert.True(problem.TryGetProperty("rule", out var rule), $"no rule field: {problem}");
        Assert.Equal(document, rule.GetProperty("document").GetString());
        var lines = File.ReadAllLines(Path.Combine(RepoRoot.Workflows, document));
        var line = Array.FindIndex(lines, l => l.StartsWith(rowStart, StringComparison.Ordinal)) + 1;
        Assert.True(line > 0, $"{document} has no row {rowStart}");
        Assert.Equal(line, rule.GetProperty("line").GetInt32());
        Assert.Equal(lines[line - 1].Trim(), rule.GetProperty("text").GetString());
        Assert.Contains($"{document} line {line}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
