using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Assessment.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace Assessment.Server.Tests.Patches;

// 400 malformed, 401, 404, 413 and 422 (well-formed but unusable), each naming the field.
public sealed class RequestValidationTests
{
    [Theory]
    [InlineData("head", "no-such-branch", 422, new[] { "head", "'no-such-branch'", "not a commit" })]
    [InlineData("head", Scenario.NoSuchCommit, 422, new[] { "head", "not a commit" })]
    [InlineData("base", "deadbeef", 422, new[] { "base", "not a commit" })]
    [InlineData("head", "fix1", 422, new[] { "head", "does not descend from base" })]
    [InlineData("head", "base", 422, new[] { "head", "the base itself" })]
    [InlineData("head", "", 400, new[] { "head", "required" })]
    [InlineData("repository", "no-such-repo", 422, new[] { "repository", "'no-such-repo'", "not a registered repository" })]
    [InlineData("repository", "", 400, new[] { "repository", "required" })]
    [InlineData("title", "", 400, new[] { "title", "required" })]
    [InlineData("title", "   ", 400, new[] { "title", "required" })]
    [InlineData("title", "long", 400, new[] { "title", "at most 200" })]
    public async Task Submitting_names_the_field_at_fault(string field, string value, int status, string[] mentions)
    {
        using var s = await Scenario.StartAsync();
        var fields = new Dictionary<string, object?>
        {
            ["repository"] = Scenario.Repo, ["title"] = "Escape user names", ["description"] = "", ["base"] = s.Fix1, ["head"] = s.Fix2,
        };
        fields[field] = value switch
        {
            "fix1" => s.Initial, // with base Fix2 below: Initial does not descend from Fix2
            "base" => s.Fix1,
            "long" => new string('t', 201),
            _ => value,
        };
        if (value == "fix1") fields["base"] = s.Fix2;
        await ApiAssert.ProblemAsync(await s.PostAsync("alice", "/api/patches", fields), (HttpStatusCode)status, mentions);
        Assert.Empty((await s.GetAsync("admin", "/api/patches")).EnumerateArray());
    }

    [Fact]
    public async Task Unknown_commits_in_actions_are_unusable()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("reviewed");
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "bob", "test", Scenario.NoSuchCommit), HttpStatusCode.UnprocessableEntity,
            "commit", "not a commit");
        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "oscar", commit: "no-such-branch"), HttpStatusCode.UnprocessableEntity,
            "commit", "'no-such-branch'");
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "bob", "staging", s.Fix2), HttpStatusCode.UnprocessableEntity,
            "environment", "'staging'", "test, production");
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "bob", "", s.Fix2), HttpStatusCode.BadRequest, "environment", "required");
        Assert.Equal(2, (await s.PatchAsync(id)).Items("reviews").Length);
    }

    [Theory]
    [InlineData("reviews", "{\"verdict\":\"lgtm\"}", "verdict", "'lgtm'")]
    [InlineData("reviews", "{\"comment\":\"fine\"}", "verdict", "required")]
    [InlineData("tests", "{\"result\":\"ok\"}", "result", "'ok'")]
    [InlineData("reviews", "{\"verdict\":\"approve\",", "body", "")]
    [InlineData("reviews", "[1,2,3]", "body", "")]
    [InlineData("reviews", "{\"verdict\":42}", "body", "")]
    public async Task Malformed_actions_are_bad_requests(string resource, string json, string field, string mention)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await s["bob"].PostAsync($"/api/patches/{id}/{resource}", content);
        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, [field, .. mention.Length > 0 ? new[] { mention } : []]);
        Assert.Empty((await s.PatchAsync(id)).Items("reviews"));
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_with_a_detail_outside_development_too()
    {
        // Outside Development, minimal APIs swallow a JSON binding failure unless ThrowOnBadRequest
        // is set; this checks the real server's environment still names the fault.
        using var app = new AssessmentApp();
        using var production = app.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var client = production.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AssessmentApp.AdminToken);
        using var content = new StringContent("{\"name\": \"zoe\", \"roles\": [", Encoding.UTF8, "application/json");
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/users", content), HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Unknown_patches_are_not_found()
    {
        using var s = await Scenario.StartAsync();
        await ApiAssert.ProblemAsync(await s["bob"].GetAsync("/api/patches/999"), HttpStatusCode.NotFound, "patch 999");
        await ApiAssert.ProblemAsync(await s.ReviewAsync(999, "bob"), HttpStatusCode.NotFound, "patch 999");
        await ApiAssert.ProblemAsync(await s.WithdrawAsync(999, "admin"), HttpStatusCode.NotFound, "patch 999");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer asm_not_a_token")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task Requests_without_a_valid_token_are_unauthorized(string? authorization)
    {
        using var s = await Scenario.StartAsync();
        using var client = s.App.CreateClient();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        await ApiAssert.ProblemAsync(await client.GetAsync("/api/patches"), HttpStatusCode.Unauthorized, "Authorization");
        await ApiAssert.ProblemAsync(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "token");
        var id = await s.SubmitAsync();
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "approve" }),
            HttpStatusCode.Unauthorized, "Authorization");
        Assert.Empty((await s.PatchAsync(id)).Items("reviews"));
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_too_large()
    {
        // The 413 is Kestrel's (the in-process test server does not apply MaxRequestBodySize), set
        // without an exception: the status-code page must still give it a detail.
        using var app = new AssessmentApp(kestrel: true);
        app.StartServer();
        using var admin = app.Admin;
        var huge = new string('x', 1_100_000);
        var response = await admin.PostAsJsonAsync("/api/users", new { name = "zoe", roles = Array.Empty<string>(), motion = huge });
        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "1 MiB");
        // A body that fits is read, and then its 900 KB motion is refused by the field's own limit.
        using var fits = await admin.PostAsJsonAsync("/api/users", new { name = "zoe", roles = Array.Empty<string>(), motion = new string('m', 900_000) });
        await ApiAssert.ProblemAsync(fits, HttpStatusCode.BadRequest, "motion", "at most 100");
    }

    [Fact]
    public async Task Registering_a_path_that_is_not_a_git_repository_is_unusable()
    {
        using var s = await Scenario.StartAsync();
        var plain = TempGitRepo.NewTempFolder("plain");
        try
        {
            await ApiAssert.ProblemAsync(await s.PostAsync("admin", "/api/repositories", new { name = "plain", path = plain }),
                HttpStatusCode.UnprocessableEntity, "path", "not a git repository");
            await ApiAssert.ProblemAsync(await s.PostAsync("admin", "/api/repositories", new { name = "gone", path = Path.Combine(plain, "missing") }),
                HttpStatusCode.UnprocessableEntity, "path");
            await ApiAssert.ProblemAsync(await s.PostAsync("admin", "/api/repositories", new { name = "nameless" }),
                HttpStatusCode.BadRequest, "path", "required");
            await ApiAssert.ProblemAsync(await s.PostAsync("bob", "/api/repositories", new { name = "sneaky", path = s.Git.Path }),
                HttpStatusCode.Forbidden, "admin");
            var names = (await s.GetAsync("bob", "/api/repositories")).EnumerateArray().Strings("name");
            Assert.Equal([Scenario.Repo], names);
        }
        finally
        {
            TempGitRepo.DeleteFolder(plain);
        }
    }

    [Fact]
    public async Task Registering_a_folder_inside_a_repository_is_unusable()
    {
        // Registration must not accept what GitReader.Open cannot open later (Repository.Discover
        // would walk up to the parent repository).
        using var s = await Scenario.StartAsync();
        var inside = Path.Combine(s.Git.Path, "docs");
        Directory.CreateDirectory(inside);
        await ApiAssert.ProblemAsync(await s.PostAsync("admin", "/api/repositories", new { name = "docs", path = inside }),
            HttpStatusCode.UnprocessableEntity, "path");
    }
}
