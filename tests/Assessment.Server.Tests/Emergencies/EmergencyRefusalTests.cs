using System.Net;
using System.Net.Http.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Emergencies;

// Who may declare, who may judge the emergency afterwards (never its declarer nor the commit's
// author), and what a follow-up may follow.
public sealed class EmergencyRefusalTests
{
    [Theory]
    [InlineData("bob", "assessor")]
    [InlineData("alice", "developer")]
    [InlineData("dave", "tester")]
    [InlineData("admin", "admin")]
    [InlineData("audrey", "auditor")]
    public async Task Only_a_sysadmin_declares(string user, string holds)
    {
        using var s = await Scenario.StartAsync();
        await ApiAssert.ProblemAsync(await s.DeclareAsync(user), HttpStatusCode.Forbidden, "declare", "sysadmin", holds);
        Assert.Empty((await s.GetAsync("admin", "/api/patches")).EnumerateArray());
    }

    [Theory]
    [InlineData("commit", Scenario.NoSuchCommit, 422, "not a commit")]
    [InlineData("commit", "", 400, "required")]
    [InlineData("repository", "nowhere", 422, "'nowhere'")]
    [InlineData("reason", "", 400, "required")]
    [InlineData("title", "", 400, "required")]
    [InlineData("base", "remedy", 422, "does not descend")]
    public async Task A_declaration_names_the_field_at_fault(string field, string value, int status, string mention)
    {
        using var s = await Scenario.StartAsync();
        var fields = new Dictionary<string, object?>
        {
            ["repository"] = Scenario.Repo, ["commit"] = s.Openssl, ["title"] = "Heartbleed", ["reason"] = "CVE-2014-0160", ["arbitration"] = "a1",
        };
        fields[field] = value == "remedy" ? s.Remedy : value;
        await ApiAssert.ProblemAsync(await s.PostAsync("sam", "/api/emergencies", fields), (HttpStatusCode)status, field, mention);
        Assert.Empty((await s.GetAsync("admin", "/api/patches")).EnumerateArray());
    }

    [Fact]
    public async Task The_declarer_may_not_review_or_test_the_emergency()
    {
        using var s = await Scenario.StartAsync();
        await s.AddUserAsync("sue", null, "sysadmin");
        await s.AddUserAsync("stan", null, "sysadmin", "tester");
        var bySue = await s.EmergencyAsync("sue");
        var byStan = await s.EmergencyAsync("stan", s.Mallory, s.Openssl);

        // Sue becomes an assessor later (giving up sysadmin, the roles are exclusive).
        await ApiAssert.StatusAsync(
            await s["admin"].PutAsJsonAsync("/api/users/sue/roles", new { roles = new[] { "assessor" }, motion = "m20150101.1" }), HttpStatusCode.OK);
        await ApiAssert.ProblemAsync(await s.ReviewAsync(bySue, "sue"), HttpStatusCode.Forbidden, "separation of duties", "declarer");
        await ApiAssert.ProblemAsync(await s.ReviewAsync(bySue, "sue", "request-changes"), HttpStatusCode.Forbidden, "declarer");
        Assert.Empty(await s.NextActionsAsync(bySue, "sue"));

        await s.StepsAsync(byStan, s.Mallory, "stan", "approve", "deploy-test");
        await ApiAssert.ProblemAsync(await s.TestAsync(byStan, "stan"), HttpStatusCode.Forbidden, "separation of duties", "declarer");
        await ApiAssert.ProblemAsync(await s.TestAsync(byStan, "stan", "fail"), HttpStatusCode.Forbidden, "declarer");
        Assert.Empty(await s.NextActionsAsync(byStan, "stan"));
        Assert.Equal(["test"], await s.NextActionsAsync(byStan, "dave"));
        Assert.Empty((await s.PatchAsync(byStan)).Items("tests"));
    }

    [Fact]
    public async Task The_author_of_the_emergency_commit_may_not_review_it()
    {
        using var s = await Scenario.StartAsync();
        await s.AddUserAsync("mal", "mallory@example.org", "assessor", "tester");
        var id = await s.EmergencyAsync(commit: s.Mallory, @base: s.Openssl);
        var declared = await s.PatchAsync(id);
        Assert.Equal(("mal", "Mallory Example <mallory@example.org>"), (declared.Str("author"), declared.Str("commitAuthor")));
        Assert.Empty(await s.NextActionsAsync(id, "mal"));
        await ApiAssert.ProblemAsync(await s.ReviewAsync(id, "mal"), HttpStatusCode.Forbidden, "separation of duties", "author");

        await s.StepsAsync(id, s.Mallory, "sam", "approve", "deploy-test");
        await ApiAssert.ProblemAsync(await s.TestAsync(id, "mal"), HttpStatusCode.Forbidden, "author");
        await s.StepsAsync(id, s.Mallory, "sam", "pass");
        await ApiAssert.ProblemAsync(await s.BlessAsync(id, "mal"), HttpStatusCode.Forbidden, "author");
        Assert.Equal("blessed", (await ApiAssert.StatusAsync(await s.BlessAsync(id, "oscar"), HttpStatusCode.Created)).Str("state"));
    }

    [Theory]
    [InlineData("awaiting-review")]
    [InlineData("reviewed")]
    [InlineData("on-test")]
    public async Task Blessing_before_the_counts_is_refused(string state)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.EmergencyAsync();
        string[] steps = state switch { "reviewed" => ["approve"], "on-test" => ["approve", "deploy-test"], _ => [] };
        await s.StepsAsync(id, s.Openssl, "sam", steps);
        await ApiAssert.ProblemAsync(await s.BlessAsync(id, "carol"), HttpStatusCode.Conflict, "bless", $"'{state}'");
        var patch = await s.PatchAsync(id);
        Assert.Equal(state, patch.Str("state"));
        Assert.Equal(JsonNull, patch.GetProperty("blessing").ValueKind);
    }

    [Fact]
    public async Task A_follow_up_follows_an_emergency_awaiting_remedial_changes()
    {
        using var s = await Scenario.StartAsync();
        var regular = await s.SubmitAsync();
        var emergency = await s.EmergencyAsync();
        var body = (int follows) => new
        {
            repository = Scenario.Repo, title = "Remedy", description = "", @base = s.Openssl, head = s.Remedy, follows,
        };
        await ApiAssert.ProblemAsync(await s.PostAsync("alice", "/api/patches", body(regular)), HttpStatusCode.UnprocessableEntity,
            "follows", "not an emergency");
        await ApiAssert.ProblemAsync(await s.PostAsync("alice", "/api/patches", body(999)), HttpStatusCode.UnprocessableEntity,
            "follows", "does not exist");
        await ApiAssert.ProblemAsync(await s.PostAsync("alice", "/api/patches", body(emergency)), HttpStatusCode.Conflict,
            "follows", "'awaiting-review'");
        await s.App.RegisterRepositoryAsync("mirror", s.Git.Path);
        await ApiAssert.ProblemAsync(await s.PostAsync("alice", "/api/patches", new
        {
            repository = "mirror", title = "Remedy", description = "", @base = s.Openssl, head = s.Remedy, follows = emergency,
        }), HttpStatusCode.UnprocessableEntity, "follows", "another repository");
        await s.StepsAsync(emergency, s.Openssl, "sam", "approve", "deploy-test", "pass", "bless");
        await ApiAssert.ProblemAsync(await s.PostAsync("alice", "/api/patches", body(emergency)), HttpStatusCode.Conflict,
            "follows", "'blessed'");
        Assert.Equal([regular, emergency], (await s.GetAsync("admin", "/api/patches")).EnumerateArray().Select(p => p.Int("id")));
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
