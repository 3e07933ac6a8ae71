using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// The auditor's findings: every GET .../handover signed a new document, and the production
// deployment's event did not say whether a hand-over was checked, or which.
public sealed class HandoverRecordTests
{
    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static JsonElement Details(JsonElement e) => e.GetProperty("data").GetProperty("details");

    [Fact]
    public async Task A_hand_over_is_issued_once_and_every_GET_returns_the_same_bytes()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");

        var first = await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsByteArrayAsync();
        s.App.Clock.Advance(TimeSpan.FromHours(2));
        await ApiAssert.StatusAsync(await s.ReviewAsync(await s.SubmitAsync(), "bob"), HttpStatusCode.Created); // the log moves on
        var second = await (await s["audrey"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsByteArrayAsync();

        Assert.Equal(first, second);
        var issued = Assert.Single(await s.EventsAsync(id), e => e.Str("type") == "handover.issued");
        Assert.Equal(Digest(first), issued.GetProperty("data").Str("digest"));
    }

    [Fact]
    public async Task A_production_deployment_records_the_digest_of_the_hand_over_it_was_checked_against()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var document = await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsByteArrayAsync();

        var patch = await ApiAssert.StatusAsync(await s["sam"].PostAsJsonAsync($"/api/patches/{id}/deployments",
            new { environment = "production", commit = s.Fix2, handover = Digest(document) }), HttpStatusCode.Created);

        Assert.Equal(Digest(document), patch.Items("deployments").Single(d => d.Str("kind") == "production").Str("handover"));
        var logged = (await s.EventsAsync(id)).Last(e => e.Str("type") == "patch.deployed");
        Assert.Equal(Digest(document), Details(logged).Str("handover"));
    }

    [Fact]
    public async Task A_production_deployment_without_a_hand_over_says_so_in_its_event()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "sam", "production", s.Fix2), HttpStatusCode.Created);

        var details = Details((await s.EventsAsync(id)).Last(e => e.Str("type") == "patch.deployed"));
        Assert.True(details.TryGetProperty("handover", out var handover), "the event must say whether a hand-over was checked");
        Assert.Equal(JsonValueKind.Null, handover.ValueKind);
    }

    [Fact]
    public async Task A_digest_of_another_document_is_refused_and_nothing_recorded()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        await s["sam"].GetAsync($"/api/patches/{id}/handover");
        var events = (await s.EventsAsync()).Length;

        var response = await s["sam"].PostAsJsonAsync($"/api/patches/{id}/deployments",
            new { environment = "production", commit = s.Fix2, handover = Digest("forged"u8.ToArray()) });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "handover:");
        Assert.Equal("blessed", (await s.PatchAsync(id)).Str("state"));
        Assert.Equal(events, (await s.EventsAsync()).Length);
    }
}
