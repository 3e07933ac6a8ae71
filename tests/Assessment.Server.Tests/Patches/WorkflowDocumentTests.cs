using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// The workflow documents rule: change a number in the table and the service follows it.
public sealed class WorkflowDocumentTests
{
    // A copy of workflows/ with regular.md's "| approvals | 2 |" row set to another number.
    internal static string CopyWorkflows(Func<string, string> editRegular)
    {
        var directory = TempGitRepo.NewTempFolder("workflows");
        foreach (var file in Directory.GetFiles(RepoRoot.Workflows, "*.md"))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "regular.md") text = editRegular(text);
            File.WriteAllText(Path.Combine(directory, Path.GetFileName(file)), text);
        }
        return directory;
    }

    [Theory]
    [InlineData(1, "reviewed", "reviewed", "reviewed")]
    [InlineData(2, "submitted", "reviewed", "reviewed")]
    [InlineData(3, "submitted", "submitted", "reviewed")]
    public async Task The_number_of_approvals_comes_from_regular_md(int approvals, string afterOne, string afterTwo, string afterThree)
    {
        var workflows = CopyWorkflows(text =>
        {
            Assert.Contains("| approvals | 2 | approve |", text, StringComparison.Ordinal);
            return text.Replace("| approvals | 2 | approve |", $"| approvals | {approvals} | approve |", StringComparison.Ordinal);
        });
        try
        {
            using var s = await Scenario.StartAsync(workflows);
            var id = await s.SubmitAsync();
            var states = new List<string>();
            foreach (var assessor in new[] { "bob", "carol", "oscar" })
            {
                states.Add((await ApiAssert.StatusAsync(await s.ReviewAsync(id, assessor), HttpStatusCode.Created)).Str("state"));
            }
            Assert.Equal([afterOne, afterTwo, afterThree], states);
            Assert.Equal(approvals, (await s.PatchAsync(id)).Count("approvals").Int("need"));
        }
        finally
        {
            TempGitRepo.DeleteFolder(workflows);
        }
    }

    [Fact]
    public async Task The_procedure_is_served_as_html_with_its_tables()
    {
        using var app = new AssessmentApp();
        using var client = app.CreateClient();
        var response = await client.GetAsync("/workflows/regular");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<td>approvals</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>deploy-production</td>", html, StringComparison.Ordinal);
        Assert.Contains("Regular patch procedure", html, StringComparison.Ordinal);
        Assert.DoesNotContain("| approvals |", html, StringComparison.Ordinal);

        var index = await client.GetStringAsync("/workflows");
        Assert.Contains("/workflows/regular", index, StringComparison.Ordinal);
        Assert.Contains("/workflows/emergency", index, StringComparison.Ordinal);
        var markdown = await client.GetStringAsync("/workflows/regular.md");
        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot.Workflows, "regular.md")).ReplaceLineEndings("\n"), markdown.ReplaceLineEndings("\n"));
        await ApiAssert.ProblemAsync(await client.GetAsync("/workflows/nonesuch"), HttpStatusCode.NotFound, "nonesuch");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api()
    {
        using var app = new AssessmentApp();
        using var client = app.CreateClient();
        var document = await ApiAssert.StatusAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/patches", "/api/patches/{id}", "/api/patches/{id}/reviews", "/api/emergencies", "/api/users", "/api/audit/events" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }
        Assert.True(paths.GetProperty("/api/patches").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/patches").TryGetProperty("get", out _));
    }
}
