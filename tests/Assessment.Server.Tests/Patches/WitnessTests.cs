using System.Net;
using System.Net.Http.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// Production deployments "under four eyes": the witness is a user other than the deployer.
public sealed class WitnessTests
{
    [Theory]
    [InlineData("sam", HttpStatusCode.Forbidden, "someone other than the deployer")]
    [InlineData("nobody", HttpStatusCode.UnprocessableEntity, "witness")]
    public async Task A_witness_who_is_the_deployer_or_no_user_is_refused(string witness, HttpStatusCode status, string mention)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var before = await s.PatchAsync(id);
        var response = await s["sam"].PostAsJsonAsync($"/api/patches/{id}/deployments",
            new { environment = "production", commit = s.Fix2, witness });
        await ApiAssert.ProblemAsync(response, status, mention);
        Assert.Equal("blessed", (await s.PatchAsync(id)).Str("state"));
        Assert.Equal(before.Items("deployments").Length, (await s.PatchAsync(id)).Items("deployments").Length);
    }

    [Fact]
    public async Task The_witness_is_recorded_with_the_deployment_and_in_the_log()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var response = await s["sam"].PostAsJsonAsync($"/api/patches/{id}/deployments",
            new { environment = "production", commit = s.Fix2, witness = "carol" });
        var patch = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        var production = patch.Items("deployments").Single(d => d.Str("environment") == "production");
        Assert.Equal(("sam", "carol"), (production.Str("by"), production.Str("witness")));
        var logged = (await s.EventsAsync()).Last(e => e.Str("type") == "patch.deployed");
        Assert.Equal("carol", logged.GetProperty("data").GetProperty("details").GetProperty("witness").GetString());
    }
}
