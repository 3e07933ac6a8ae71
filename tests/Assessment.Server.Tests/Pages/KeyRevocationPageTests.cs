using System.Net;
using System.Text.Json;
using Assessment.TestSupport;
using static Assessment.Server.Tests.Pages.PageFormTests;

namespace Assessment.Server.Tests.Pages;

// Revoking a signing key in the browser: one's own on /me, anyone's by an administrator on
// /admin/users; posted as a browser posts the forms and read back through the API and the log.
public sealed partial class AdminPageTests
{
    [Fact]
    public async Task A_person_revokes_their_own_key_on_their_page_and_a_second_revocation_is_refused_there()
    {
        using var s = await PageServer.StartAsync();
        using var alice = await SignedInAsync(s, s.TokenOf("alice"));
        using var api = s.App.Admin;
        var key = PersonKeyPair.Ed25519();
        await RedirectedAsync(alice, "/me", "/me/keys", "key", ("publicKey", key.PublicPem));
        Assert.Contains($"action=\"/me/keys/{key.KeyId}/revocation\"", await alice.GetStringAsync(new Uri("/me", UriKind.Relative)), StringComparison.Ordinal);

        s.App.Clock.Advance(TimeSpan.FromMinutes(5));
        await RedirectedAsync(alice, "/me", $"/me/keys/{key.KeyId}/revocation", "key-revoked");
        var listed = Assert.Single((await ApiAssert.StatusAsync(await api.GetAsync("/api/users/alice/keys"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(s.App.Clock.GetUtcNow(), listed.GetProperty("revokedAt").GetDateTimeOffset());
        var revoked = await LastEventAsync(api, "user.key-revoked");
        Assert.Equal(("alice", "alice", key.KeyId), (revoked.Str("actor"), revoked.GetProperty("data").Str("user"), revoked.GetProperty("data").Str("keyId")));
        var page = await alice.GetStringAsync(new Uri("/me", UriKind.Relative));
        Assert.Contains($"revoked {Show(s.App.Clock.GetUtcNow())}", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/me/keys/{key.KeyId}/revocation\"", page, StringComparison.Ordinal);

        var before = await EventCountAsync(api);
        var again = await PostAsync(alice, "/me", $"/me/keys/{key.KeyId}/revocation");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var refusal = await again.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"><strong>409 ", refusal, StringComparison.Ordinal);
        Assert.Contains($"the key {key.KeyId} of alice&#x27;s was revoked at", refusal, StringComparison.Ordinal);
        var unknown = await PostAsync(alice, "/me", $"/me/keys/{PersonKeyPair.Ed25519().KeyId}/revocation");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(before, await EventCountAsync(api));
    }

    [Fact]
    public async Task An_admin_revokes_a_users_key_on_the_users_page_and_others_may_not()
    {
        using var s = await PageServer.StartAsync();
        using var admin = await SignedInAsync(s, AssessmentApp.AdminToken);
        using var bob = await SignedInAsync(s, s.TokenOf("bob"));
        using var api = s.App.Admin;
        var key = PersonKeyPair.P256();
        await ApiAssert.StatusAsync(await s["carol"].PostAsync(new Uri("/api/me/keys", UriKind.Relative),
            JsonContent(new { publicKey = key.OpenSshLine })), HttpStatusCode.Created);
        var users = await admin.GetStringAsync(new Uri("/admin/users", UriKind.Relative));
        Assert.Contains($"action=\"/admin/users/carol/keys/{key.KeyId}/revocation\"", users, StringComparison.Ordinal);

        var before = await EventCountAsync(api);
        var token = await AntiforgeryTokenAsync(bob, "/me");
        var refused = await bob.PostAsync(new Uri($"/admin/users/carol/keys/{key.KeyId}/revocation", UriKind.Relative), Form([("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, await EventCountAsync(api));
        var wrongOwner = await PostAsync(admin, "/admin/users", $"/admin/users/alice/keys/{key.KeyId}/revocation");
        Assert.Equal(HttpStatusCode.NotFound, wrongOwner.StatusCode);
        Assert.Contains($"is not a key of alice", await wrongOwner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync(api));

        await RedirectedAsync(admin, "/admin/users", $"/admin/users/carol/keys/{key.KeyId}/revocation", "key-revoked");
        var listed = Assert.Single((await ApiAssert.StatusAsync(await api.GetAsync("/api/users/carol/keys"), HttpStatusCode.OK)).EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
        var revoked = await LastEventAsync(api, "user.key-revoked");
        Assert.Equal(("admin", "carol", key.KeyId), (revoked.Str("actor"), revoked.GetProperty("data").Str("user"), revoked.GetProperty("data").Str("keyId")));
        Assert.Contains("revoked ", await admin.GetStringAsync(new Uri("/admin/users", UriKind.Relative)), StringComparison.Ordinal);
        Assert.True((await ApiAssert.StatusAsync(await api.GetAsync("/api/audit/verify"), HttpStatusCode.OK)).GetProperty("ok").GetBoolean());
    }

    private static string Show(DateTimeOffset at) => Assessment.Server.Pages.Show.Time(at);

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
