using System.Net;
using System.Net.Http.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Duties;

// Every role grant and removal appears in the period report: who, which roles, by whom, motion.
public sealed class RoleChangeReportTests
{
    [Fact]
    public async Task The_report_lists_every_grant_and_removal_with_its_motion()
    {
        using var s = await Scenario.StartAsync();
        await ApiAssert.StatusAsync(await s["admin"].PutAsJsonAsync("/api/users/bob/roles",
            new { roles = new[] { "sysadmin" }, motion = "m20260301.2" }), HttpStatusCode.OK);

        var report = await s.GetAsync("audrey", "/api/audit/report?from=2000-01-01&to=2100-01-01&format=json");
        var changes = report.Items("roleChanges");
        var swap = Assert.Single(changes, c => c.Str("user") == "bob" && c.Strings("removed").Length > 0);
        Assert.Equal(["sysadmin"], swap.Strings("granted"));
        Assert.Equal(["assessor"], swap.Strings("removed"));
        Assert.Equal(("admin", "m20260301.2"), (swap.Str("by"), swap.Str("motion")));
        var grant = Assert.Single(changes, c => c.Str("user") == "bob" && c.Strings("removed").Length == 0);
        Assert.Equal(["assessor"], grant.Strings("granted"));
        Assert.Equal("m-test", grant.Str("motion"));
        Assert.True(swap.GetProperty("event").GetInt64() > grant.GetProperty("event").GetInt64());

        var md = await (await s["audrey"].GetAsync("/api/audit/report?from=2000-01-01&to=2100-01-01")).Content.ReadAsStringAsync();
        Assert.Contains("## Role grants and removals", md, StringComparison.Ordinal);
        Assert.Contains("| bob | sysadmin | assessor | admin | m20260301", md, StringComparison.Ordinal);
    }
}
