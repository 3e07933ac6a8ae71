using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// March 2026: a regular patch (with a hostile title) deployed on the 3rd, an emergency declared
// on the 4th and blessed 72 hours later, and a second regular patch deployed on the 12th,
// after the period of 1 to 10 March.
public sealed class ReportEndpointTests
{
    private const string Title = "Escape names <script>alert(1)</script>";

    [Fact]
    public async Task Markdown_lists_each_production_change_with_its_people_and_the_emergency()
    {
        using var s = await MarchAsync();
        var response = await s["audrey"].GetAsync("/api/audit/report?from=2026-03-01&to=2026-03-10");
        var md = await response.Content.ReadAsStringAsync();
        var verify = await s.GetAsync("admin", "/api/audit/verify");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"event {verify.Int("events")}, head hash `{verify.Str("head")}`", md, StringComparison.Ordinal);
        Assert.Contains($"`{s.Fix2}`", md, StringComparison.Ordinal);
        Assert.Contains($"`{s.Openssl}`", md, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Mallory, md, StringComparison.Ordinal);
        Assert.Matches(@"author alice; reviews: bob \*\*approve\*\* [0-9: -]+ UTC, carol \*\*approve\*\* [0-9: -]+ UTC; " +
            @"tests: dave \*\*pass\*\* [0-9: -]+ UTC, erin \*\*pass\*\* [0-9: -]+ UTC; blessed by carol", md);
        Assert.Contains("2026-03-03 10:00 UTC by sam, to production | no |", md, StringComparison.Ordinal);
        Assert.Contains("2026-03-04 08:00 UTC by sam, to production | **yes** |", md, StringComparison.Ordinal);
        Assert.Contains("\n## Emergencies\n", md, StringComparison.Ordinal);
        Assert.Contains("| Time to outcome | 3 days 0 h 0 min (outcome 2026-03-07 08:00 UTC) |", md, StringComparison.Ordinal);
        Assert.Contains("| Production deployments | 2 |\n| of which emergencies | 1 |\n| Emergencies per 30 days | 3 (1 in 10 days) |", md, StringComparison.Ordinal);
        Assert.Contains("| bob | 2 | 0 | 2 | 0 | 0 |\n| carol | 2 | 0 | 0 | 1 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| sam | 0 | 0 | 0 | 0 | 2 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("| sid | 0 |", md, StringComparison.Ordinal); // his only action was after the period
    }

    [Fact]
    public async Task Html_shows_a_hostile_title_as_text_and_the_emergency_record()
    {
        using var s = await MarchAsync();
        var response = await s["audrey"].GetAsync("/api/audit/report?from=2026-03-01&to=2026-03-10&format=html");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Escape names &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CVE-2014-0160 is remotely exploitable; patched at once.", html, StringComparison.Ordinal);
        Assert.Contains("a20140408.1", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_carries_the_same_figures_and_the_period_bounds_are_exact()
    {
        using var s = await MarchAsync();
        var json = await s.GetAsync("audrey", "/api/audit/report?from=2026-03-01&to=2026-03-10&format=json");

        var summary = json.GetProperty("summary");
        Assert.Equal((2, 1, 3.0), (summary.Int("productionDeployments"), summary.Int("emergencyDeployments"),
            summary.GetProperty("emergenciesPer30Days").GetDouble()));
        Assert.Equal([s.Fix2, s.Openssl], json.Items("deployments").Strings("commit"));
        Assert.Equal(["bob", "carol"], json.Items("deployments")[0].Strings("reviewers"));
        var emergency = Assert.Single(json.Items("emergencies"));
        Assert.Equal(("sam", "blessed", 72.0), (emergency.Str("declaredBy"), emergency.Str("state"),
            emergency.GetProperty("hoursToOutcome").GetDouble()));
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), json.GetProperty("to").GetDateTimeOffset());

        // The first deployment's instant is in, the emergency's instant is the exclusive end.
        var exact = await s.GetAsync("audrey", "/api/audit/report?from=2026-03-03T10:00:00Z&to=2026-03-04T08:00:00Z&format=json");
        Assert.Equal([s.Fix2], exact.Items("deployments").Strings("commit"));
    }

    // The auditor's findings: carol's request for changes hidden, "tested by nobody yet" for a
    // closed emergency, 5 seconds rounded to "0 hours", one emergency a century rounded to 0.
    [Fact]
    public async Task A_remediated_emergency_shows_the_request_for_changes_no_awaited_tests_and_unrounded_figures()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.EmergencyAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
        s.App.Clock.Advance(TimeSpan.FromSeconds(5));
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol", "request-changes"), HttpStatusCode.Created);
        var followUp = await s.SubmitAsync(@base: s.Openssl, head: s.Remedy, follows: id);
        await s.StepsAsync(followUp, s.Remedy, "alice", "approve", "deploy-test", "pass", "bless", "deploy-production");
        Assert.Equal("remediated", (await s.PatchAsync(id)).Str("state"));

        var md = await (await s["audrey"].GetAsync("/api/audit/report?from=2000-01-01&to=2099-12-31")).Content.ReadAsStringAsync();

        Assert.Matches(@"\| Reviews \| bob \*\*approve\*\* [0-9: -]+ UTC, carol \*\*request\\-changes\*\* [0-9: -]+ UTC \|", md);
        Assert.Contains("| Tests | _none (no longer awaited)_ |", md, StringComparison.Ordinal);
        Assert.Contains("| Time to outcome | under a minute (5 s) (outcome ", md, StringComparison.Ordinal);
        Assert.Contains("| Emergencies per 30 days | 0.00082 (1 in 36525 days) |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("nobody yet", md, StringComparison.Ordinal);
        Assert.DoesNotContain("0 hours", md, StringComparison.Ordinal);
    }

    // tom approved, then passed: his pass is recorded and listed among the tests, but he counts
    // once, as a reviewer; the testers of the change are dave and erin.
    [Fact]
    public async Task A_pass_that_does_not_count_is_listed_among_the_tests_but_not_among_the_testers()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "tom"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Fix2), HttpStatusCode.Created);
        foreach (var tester in new[] { "tom", "dave", "erin" }) await ApiAssert.StatusAsync(await s.TestAsync(id, tester), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.BlessAsync(id, "carol"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "sam", "production", s.Fix2), HttpStatusCode.Created);

        var json = await s.GetAsync("audrey", "/api/audit/report?from=2000-01-01&to=2099-12-31&format=json");

        var deployment = Assert.Single(json.Items("deployments"));
        Assert.Equal(["bob", "tom"], deployment.Strings("reviewers"));
        Assert.Equal(["dave", "erin"], deployment.Strings("testers"));
        Assert.Equal(["tom", "dave", "erin"], deployment.Items("tests").Strings("by"));
    }

    [Theory]
    [InlineData("from=2026-02-30&to=2026-03-10", "from")]
    [InlineData("from=2026-03-01&to=yesterday", "to")]
    [InlineData("from=2026-03-10&to=2026-03-01", "from")]
    [InlineData("from=2026-03-01&to=2026-03-10&format=pdf", "format")]
    public async Task A_malformed_query_is_a_400_naming_the_parameter(string query, string field)
    {
        using var s = await Scenario.StartAsync();
        await ApiAssert.ProblemAsync(await s["audrey"].GetAsync("/api/audit/report?" + query), HttpStatusCode.BadRequest, field + ":");
        using var anonymous = s.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit/report")).StatusCode);
    }

    private static async Task<Scenario> MarchAsync()
    {
        var s = await Scenario.StartAsync();
        var clock = s.App.Clock;
        var regular = (await s.CreatedAsync("alice", "/api/patches", new { repository = Scenario.Repo, title = Title, @base = s.Initial, head = s.Fix2 })).Int("id");
        await PassAsync(s, regular, s.Fix2, blesser: "carol");
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero));
        await ApiAssert.StatusAsync(await s.DeployAsync(regular, "sam", "production", s.Fix2), HttpStatusCode.Created);

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 8, 0, 0, TimeSpan.Zero));
        var emergency = (await ApiAssert.StatusAsync(await s.DeclareAsync(), HttpStatusCode.Created)).Int("id");
        await PassAsync(s, emergency, s.Openssl, blesser: null);
        clock.Advance(TimeSpan.FromHours(72));
        await ApiAssert.StatusAsync(await s.BlessAsync(emergency, "oscar"), HttpStatusCode.Created);

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 12, 12, 0, 0, TimeSpan.Zero));
        var later = (await s.CreatedAsync("frank", "/api/patches", new { repository = Scenario.Repo, title = "Harden OCSP", @base = s.Openssl, head = s.Mallory })).Int("id");
        await PassAsync(s, later, s.Mallory, blesser: "carol");
        await ApiAssert.StatusAsync(await s.DeployAsync(later, "sid", "production", s.Mallory), HttpStatusCode.Created);
        return s;
    }

    // Two approvals, a test deployment and two passes; then the blessing when one is named.
    private static async Task PassAsync(Scenario s, int id, string commit, string? blesser)
    {
        foreach (var reviewer in new[] { "bob", "carol" })
        {
            await ApiAssert.StatusAsync(await s.ReviewAsync(id, reviewer), HttpStatusCode.Created);
        }
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", commit), HttpStatusCode.Created);
        foreach (var tester in new[] { "dave", "erin" })
        {
            await ApiAssert.StatusAsync(await s.TestAsync(id, tester), HttpStatusCode.Created);
        }
        if (blesser is not null) await ApiAssert.StatusAsync(await s.BlessAsync(id, blesser), HttpStatusCode.Created);
    }
}
