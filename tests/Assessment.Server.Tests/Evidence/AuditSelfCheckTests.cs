using System.Net;
using System.Net.Http.Headers;
using Assessment.Core.Audit;
using Assessment.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Evidence;

// The auditor's finding: after an edited event the server started without a word, /healthz
// said ok, and it signed a new checkpoint and a fresh report over the broken chain.
public sealed class AuditSelfCheckTests
{
    private static System.Text.Json.JsonElement Parse(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public async Task A_server_started_on_a_tampered_database_is_unhealthy_and_signs_nothing()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        await ApiAssert.StatusAsync(await s["audrey"].GetAsync($"/api/patches/{id}/handover"), HttpStatusCode.OK);
        s.App.ExecuteSql(s.App.DropAppendOnlyTriggersSql + """UPDATE "AuditEvents" SET "Actor" = 'mallory' WHERE "Sequence" = 3""");

        // Restarted: one server per SQLite file, so the first one stops first.
        s.App.KeepData = true;
        s.App.Dispose();
        using var restarted = new AssessmentApp(s.App);
        using var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AssessmentApp.AdminToken);

        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal(("unhealthy", "broken", 3), (body.Str("status"), body.Str("audit"), body.Int("firstBadEvent")));
        foreach (var path in new[] { "/api/audit/checkpoint", $"/api/patches/{id}/handover", "/api/audit/report?from=2026-01-01&to=2026-12-31" })
        {
            await ApiAssert.ProblemAsync(await client.GetAsync(path), HttpStatusCode.Conflict, "the audit log is broken at event 3");
        }
        Assert.Contains("event 3 was altered", restarted.Services.GetRequiredService<AuditWatch>().Broken!.Detail!,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_server_refuses_to_sign_once_an_event_behind_its_last_check_was_edited()
    {
        using var s = await Scenario.StartAsync();
        var healthy = Parse(await (await s.App.CreateClient().GetAsync("/healthz")).Content.ReadAsStringAsync());
        Assert.Equal(("ok", "ok"), (healthy.Str("status"), healthy.Str("audit")));
        await ApiAssert.StatusAsync(await s["audrey"].GetAsync("/api/audit/checkpoint"), HttpStatusCode.OK);

        s.App.ExecuteSql(s.App.DropAppendOnlyTriggersSql + """UPDATE "AuditEvents" SET "Actor" = 'mallory' WHERE "Sequence" = 2""");

        await ApiAssert.ProblemAsync(await s["audrey"].GetAsync("/api/audit/checkpoint"), HttpStatusCode.Conflict,
            "the audit log is broken at event 2");
        var health = await s.App.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(2, Parse(await health.Content.ReadAsStringAsync()).Int("firstBadEvent"));
    }
}
