using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Assessment.TestSupport;
using Microsoft.Extensions.Logging;

namespace Assessment.Server.Tests.Evidence;

// The auditor's finding: signing-key.pem lay beside assessment.db, so whoever could rewrite the
// log could sign it anew. The key's place is configured apart, a rotation is an event in the
// log, and what the old key signed still verifies.
public sealed class SigningKeyTests
{
    private static JsonElement Parse(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static string SignedBy(byte[] envelope) => Parse(Encoding.UTF8.GetString(envelope)).Items("signatures")[0].Str("keyid");

    [Fact]
    public async Task A_key_configured_apart_from_the_data_is_used_and_one_in_the_data_directory_is_warned_about()
    {
        var keyFile = Path.Combine(TempGitRepo.NewTempFolder("keys"), "server.pem");
        using (var apart = new AssessmentApp(settings: new Dictionary<string, string?> { ["Assessment:SigningKeyPath"] = keyFile }))
        {
            var keys = Parse(await (await apart.Admin.GetAsync("/api/keys")).Content.ReadAsStringAsync());
            Assert.True(File.Exists(keyFile));
            Assert.False(File.Exists(Path.Combine(apart.DataDirectory, "signing-key.pem")));
            Assert.Single(keys.EnumerateArray());
            Assert.DoesNotContain(apart.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("lies in the data directory", StringComparison.Ordinal));
        }
        using var beside = new AssessmentApp();
        await beside.Admin.GetAsync("/api/keys");
        Assert.Contains(beside.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("lies in the data directory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rotation_is_logged_and_listed_and_what_the_old_key_signed_still_verifies()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var oldHandover = await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsByteArrayAsync();
        var oldKey = Assert.Single((await s.GetAsync("audrey", "/api/keys")).EnumerateArray().ToArray());
        Assert.Equal((SignedBy(oldHandover), true), (oldKey.Str("keyId"), oldKey.GetProperty("current").GetBoolean()));

        s.App.KeepData = true;
        s.App.Dispose();
        using var rotated = new AssessmentApp(s.App);
        rotated.Settings["Assessment:SigningKeyPath"] = Path.Combine(TempGitRepo.NewTempFolder("keys"), "server-2027.pem");
        using var client = rotated.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AssessmentApp.AdminToken);

        var keys = Parse(await (await client.GetAsync("/api/keys")).Content.ReadAsStringAsync()).EnumerateArray().ToArray();
        Assert.Equal(2, keys.Length);
        Assert.Equal(oldKey.Str("keyId"), keys[0].Str("keyId"));
        Assert.Equal((false, true), (keys[0].GetProperty("current").GetBoolean(), keys[1].GetProperty("current").GetBoolean()));
        Assert.Equal(keys[1].GetProperty("validFrom").GetDateTimeOffset(), keys[0].GetProperty("validUntil").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, keys[1].GetProperty("validUntil").ValueKind);

        var events = Parse(await (await client.GetAsync("/api/audit/events")).Content.ReadAsStringAsync()).EnumerateArray();
        var rotation = events.Last(e => e.Str("type") == "signing-key.rotated").GetProperty("data");
        Assert.Equal((keys[1].Str("keyId"), oldKey.Str("keyId")), (rotation.Str("keyId"), rotation.Str("previous")));

        // The hand-over issued before the rotation is still served as it was, and still verifies.
        Assert.Equal(oldHandover, await (await client.GetAsync($"/api/patches/{id}/handover")).Content.ReadAsByteArrayAsync());
        var verified = Parse(await (await client.PostAsync("/api/handover/verify",
            new ByteArrayContent(oldHandover) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } })).Content.ReadAsStringAsync());
        Assert.True(verified.GetProperty("ok").GetBoolean(), verified.Str("detail"));
        var checkpoint = Parse(await (await client.GetAsync("/api/audit/checkpoint")).Content.ReadAsStringAsync());
        Assert.Equal(keys[1].Str("keyId"), checkpoint.Str("keyId"));
    }
}
