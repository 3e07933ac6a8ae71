using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

public sealed class HappyPathTests
{
    [Fact]
    public async Task A_patch_goes_from_submission_to_production()
    {
        using var s = await Scenario.StartAsync();
        var clock = s.App.Clock;

        var submitted = await s.CreatedAsync("alice", "/api/patches", new
        {
            repository = Scenario.Repo, title = "Escape user names", description = "Fixes an *XSS*.",
            @base = "release", head = s.Fix2[..7], bug = "1234",
        });
        var id = submitted.Int("id");
        Assert.Equal(("regular", "submitted", "alice", Scenario.Repo), (submitted.Str("kind"), submitted.Str("state"), submitted.Str("author"), submitted.Str("repository")));
        Assert.Equal((s.Initial, s.Fix2, 1, "1234"), (submitted.Str("base"), submitted.Str("head"), submitted.Int("revision"), submitted.Str("bug")));
        Assert.Equal(["revise", "withdraw"], submitted.Strings("nextActions"));
        Assert.Equal(["review"], await s.NextActionsAsync(id, "bob"));
        Assert.Empty(await s.NextActionsAsync(id, "dave"));
        Assert.Empty(await s.NextActionsAsync(id, "sam"));
        Assert.Empty(await s.NextActionsAsync(id, "frank"));
        Assert.Equal(["withdraw"], await s.NextActionsAsync(id, "admin"));

        // The commits and the diff statistics come from git: account.php (+3), README (+1 -1).
        var read = await s.PatchAsync(id, "audrey");
        Assert.Equal([s.Fix1, s.Fix2], read.Items("commits").Strings("sha"));
        Assert.Equal(["Escape user names in the account page", "Name the community in the README"], read.Items("commits").Strings("title"));
        var stats = read.GetProperty("stats");
        Assert.Equal((2, 4, 1), (stats.Int("files"), stats.Int("added"), stats.Int("removed")));

        clock.Advance(TimeSpan.FromHours(1));
        var first = await ApiAssert.StatusAsync(await s.ReviewAsync(id, "bob", commit: s.Fix2), HttpStatusCode.Created);
        Assert.Equal("submitted", first.Str("state"));
        Assert.Equal(1, first.Have("approvals"));
        clock.Advance(TimeSpan.FromHours(1));
        var reviewed = await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol", commit: s.Fix2[..10]), HttpStatusCode.Created);
        Assert.Equal("reviewed", reviewed.Str("state"));
        Assert.Equal(["bob", "carol"], reviewed.Count("approvals").Strings("people"));
        Assert.All(reviewed.Items("reviews"), r => Assert.Equal((s.Fix2, "approve", false), (r.Str("commit"), r.Str("verdict"), r.Bool("stale"))));
        Assert.Equal(["review", "deploy-test"], await s.NextActionsAsync(id, "bob"));
        Assert.Equal(["revise", "withdraw"], await s.NextActionsAsync(id, "alice"));
        Assert.Empty(await s.NextActionsAsync(id, "dave"));

        clock.Advance(TimeSpan.FromHours(1));
        var onTest = await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Fix2), HttpStatusCode.Created);
        Assert.Equal("on-test", onTest.Str("state"));
        var testDeployment = Assert.Single(onTest.Items("deployments"));
        Assert.Equal(("test", s.Fix2, "bob", false, false),
            (testDeployment.Str("environment"), testDeployment.Str("commit"), testDeployment.Str("by"), testDeployment.Bool("emergency"), testDeployment.Bool("stale")));
        Assert.Equal(["test"], await s.NextActionsAsync(id, "dave"));
        Assert.Equal(["review", "deploy-test"], await s.NextActionsAsync(id, "bob"));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("on-test", (await ApiAssert.StatusAsync(await s.TestAsync(id, "dave", commit: s.Fix2), HttpStatusCode.Created)).Str("state"));
        clock.Advance(TimeSpan.FromHours(1));
        var tested = await ApiAssert.StatusAsync(await s.TestAsync(id, "erin"), HttpStatusCode.Created);
        Assert.Equal("tested", tested.Str("state"));
        Assert.Equal(["dave", "erin"], tested.Count("passes").Strings("people"));
        Assert.Equal(["review", "bless"], await s.NextActionsAsync(id, "carol"));
        Assert.Equal(["test"], await s.NextActionsAsync(id, "dave"));
        Assert.Empty(await s.NextActionsAsync(id, "sam"));

        clock.Advance(TimeSpan.FromHours(1));
        var blessed = await ApiAssert.StatusAsync(await s.BlessAsync(id, "carol"), HttpStatusCode.Created);
        Assert.Equal("blessed", blessed.Str("state"));
        Assert.Equal(("carol", s.Fix2), (blessed.GetProperty("blessing").Str("by"), blessed.GetProperty("blessing").Str("commit")));
        Assert.Equal(["deploy-production"], await s.NextActionsAsync(id, "sam"));
        Assert.Equal(["revise", "withdraw"], await s.NextActionsAsync(id, "alice")); // revise: onto what production runs
        Assert.Empty(await s.NextActionsAsync(id, "bob"));

        clock.Advance(TimeSpan.FromHours(1));
        var deployed = await ApiAssert.StatusAsync(await s.DeployAsync(id, "sam", "production", s.Fix2), HttpStatusCode.Created);
        Assert.Equal("deployed", deployed.Str("state"));
        var production = deployed.Items("deployments")[^1];
        Assert.Equal(("production", s.Fix2, "sam", false), (production.Str("environment"), production.Str("commit"), production.Str("by"), production.Bool("emergency")));
        Assert.Equal(clock.GetUtcNow(), production.GetProperty("at").GetDateTimeOffset());
        foreach (var user in new[] { "alice", "bob", "carol", "dave", "admin" })
        {
            Assert.Empty(await s.NextActionsAsync(id, user));
        }

        var events = (await s.EventsAsync(id)).Where(e => e.Str("type").StartsWith("patch.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            ["patch.submitted", "patch.reviewed", "patch.reviewed", "patch.deployed", "patch.tested", "patch.tested", "patch.blessed", "patch.deployed"],
            events.Strings("type"));
        Assert.Equal(["alice", "bob", "carol", "bob", "dave", "erin", "carol", "sam"], events.Strings("actor"));
        Assert.Equal(["submitted", "submitted", "reviewed", "on-test", "on-test", "tested", "blessed", "deployed"],
            events.Select(e => e.GetProperty("data").Str("to")).ToArray());
        Assert.All(events, e => Assert.Equal(id, e.Int("patch")));
        var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(sequences.Order().ToArray(), sequences);
        Assert.Equal(sequences.Distinct().Count(), sequences.Length);
    }

    [Fact]
    public async Task Nothing_is_offered_once_the_only_production_environment_runs_the_patch()
    {
        // regular.md allows deploy-production from deployed (for further production environments);
        // with the default environments there is none left, so it must not be offered.
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("deployed");
        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "sam", "production", s.Fix2), HttpStatusCode.Conflict, "already deployed");
        Assert.Empty(await s.NextActionsAsync(id, "sam"));
    }

    [Theory]
    [InlineData("release", "feature")]
    [InlineData("initial:7", "fix2:7")]
    [InlineData("initial:40", "fix2:12")]
    [InlineData("release", "fix2:40")]
    public async Task Base_and_head_are_resolved_to_full_shas(string @base, string head)
    {
        using var s = await Scenario.StartAsync();
        string Name(string spec) => spec.Split(':') switch
        {
            ["initial", var n] => s.Initial[..int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)],
            ["fix2", var n] => s.Fix2[..int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)],
            _ => spec,
        };
        var id = await s.SubmitAsync(@base: Name(@base), head: Name(head));
        var patch = await s.PatchAsync(id);
        Assert.Equal((s.Initial, s.Fix2), (patch.Str("base"), patch.Str("head")));
        Assert.Matches("^[0-9a-f]{40}$", patch.Str("head"));
    }

    [Fact]
    public async Task Patches_are_listed_and_filtered_by_state_and_kind()
    {
        using var s = await Scenario.StartAsync();
        var waiting = await s.SubmitAsync();
        var reviewed = await s.RegularInStateAsync("reviewed");
        var list = await s.GetAsync("audrey", "/api/patches");
        Assert.Equal([waiting, reviewed], list.EnumerateArray().Select(p => p.Int("id")).ToArray());
        var onlyReviewed = await s.GetAsync("audrey", "/api/patches?state=reviewed");
        Assert.Equal([reviewed], onlyReviewed.EnumerateArray().Select(p => p.Int("id")).ToArray());
        Assert.Empty((await s.GetAsync("audrey", "/api/patches?kind=emergency")).EnumerateArray());
        Assert.Equal(2, (await s.GetAsync("audrey", "/api/patches?kind=regular")).GetArrayLength());
    }
}
