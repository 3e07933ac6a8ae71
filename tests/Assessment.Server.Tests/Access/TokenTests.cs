using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Access;

// Tokens are random, stored hashed, several per user, and stop working the moment they are
// revoked, expire, or their user is deactivated.
public sealed class TokenTests
{
    [Fact]
    public async Task A_revoked_token_is_refused_on_the_next_request()
    {
        using var app = new AssessmentApp();
        using var alice = await app.UserAsync("alice", "developer");

        var created = await ApiAssert.StatusAsync(await alice.PostAsJsonAsync("/api/me/tokens", new { name = "laptop" }), HttpStatusCode.Created);
        var token = created.Str("token");
        Assert.Matches("^asm_[0-9a-f]{64}$", token); // 256 random bits
        using var laptop = app.As(token);
        Assert.Equal("alice", (await ApiAssert.StatusAsync(await laptop.GetAsync("/api/me"), HttpStatusCode.OK)).Str("name"));

        var listed = await ApiAssert.StatusAsync(await alice.GetAsync("/api/me/tokens"), HttpStatusCode.OK);
        Assert.Equal(["initial", "laptop"], listed.EnumerateArray().Select(t => t.Str("name")));
        Assert.DoesNotContain(token, listed.ToString(), StringComparison.Ordinal);
        Assert.All(listed.EnumerateArray(), t => Assert.False(t.TryGetProperty("token", out _)));
        Assert.NotEqual(JsonValueKind.Null, listed.EnumerateArray().Last().GetProperty("lastUsedAt").ValueKind);

        await ApiAssert.StatusAsync(await alice.DeleteAsync(new Uri($"/api/me/tokens/{created.Int("id")}", UriKind.Relative)), HttpStatusCode.NoContent);
        await ApiAssert.ProblemAsync(await laptop.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "token");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/me")).StatusCode); // the other token still works

        using var admin = app.Admin;
        var events = (await ApiAssert.StatusAsync(await admin.GetAsync("/api/audit/events"), HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(["token.created", "token.revoked"], events.TakeLast(2).Select(e => e.Str("type")));
        Assert.DoesNotContain(events, e => e.GetProperty("dataText").GetString()!.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_another_users_token_cannot_be_revoked()
    {
        using var app = new AssessmentApp();
        using var alice = await app.UserAsync("alice", "developer");
        using var bob = await app.UserAsync("bob", "assessor");
        var created = await ApiAssert.StatusAsync(await alice.PostAsJsonAsync("/api/me/tokens", new { name = "ci", expiresInDays = 1 }), HttpStatusCode.Created);
        using var ci = app.As(created.Str("token"));
        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("/api/me")).StatusCode);

        await ApiAssert.ProblemAsync(await bob.DeleteAsync(new Uri($"/api/me/tokens/{created.Int("id")}", UriKind.Relative)), HttpStatusCode.NotFound, "token");
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        await ApiAssert.ProblemAsync(await ci.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "expired");
        await ApiAssert.ProblemAsync(await alice.PostAsJsonAsync("/api/me/tokens", new { name = "x", expiresInDays = 0 }), HttpStatusCode.BadRequest, "expiresInDays");
        await ApiAssert.ProblemAsync(await alice.PostAsJsonAsync("/api/me/tokens", new { name = "x\n" }), HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task An_admin_revokes_all_of_a_users_tokens()
    {
        using var app = new AssessmentApp();
        using var alice = await app.UserAsync("alice", "developer");
        using var admin = app.Admin;
        await ApiAssert.StatusAsync(await admin.DeleteAsync(new Uri("/api/users/alice/tokens", UriKind.Relative)), HttpStatusCode.NoContent);
        await ApiAssert.ProblemAsync(await alice.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "token");
        await ApiAssert.ProblemAsync(await alice.DeleteAsync(new Uri("/api/users/admin/tokens", UriKind.Relative)), HttpStatusCode.Unauthorized, "token");
    }

    [Fact]
    public async Task A_deactivated_users_token_is_refused_until_activated_again_and_both_are_logged_with_the_motion()
    {
        using var app = new AssessmentApp();
        using var alice = await app.UserAsync("alice", "developer");
        using var admin = app.Admin;
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/users/alice/deactivation", new { motion = "" }), HttpStatusCode.BadRequest, "motion");
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/users/admin/deactivation", new { motion = "m1" }), HttpStatusCode.Forbidden, "own");
        await ApiAssert.ProblemAsync(await alice.PostAsJsonAsync("/api/users/admin/deactivation", new { motion = "m1" }), HttpStatusCode.Forbidden, "administers");

        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users/alice/deactivation", new { motion = "m20260302.1" }), HttpStatusCode.OK);

        await ApiAssert.ProblemAsync(await alice.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "deactivated");
        var users = await ApiAssert.StatusAsync(await admin.GetAsync("/api/users"), HttpStatusCode.OK);
        Assert.False(users.EnumerateArray().Single(u => u.Str("name") == "alice").Bool("active"));

        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users/alice/activation", new { motion = "m20260309.2" }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/me")).StatusCode);
        var events = (await ApiAssert.StatusAsync(await admin.GetAsync("/api/audit/events"), HttpStatusCode.OK)).EnumerateArray().TakeLast(2).ToList();
        Assert.Equal([("user.deactivated", "m20260302.1"), ("user.activated", "m20260309.2")],
            events.Select(e => (e.Str("type"), e.GetProperty("data").Str("motion"))));
    }

    [Fact]
    public async Task A_user_without_a_role_reads_only_who_they_are()
    {
        using var app = new AssessmentApp();
        using var nora = await app.UserAsync("nora");
        using var dev = await app.UserAsync("dev", "developer");
        using var audrey = await app.UserAsync("audrey", "auditor");

        Assert.Equal("nora", (await ApiAssert.StatusAsync(await nora.GetAsync("/api/me"), HttpStatusCode.OK)).Str("name"));
        await ApiAssert.ProblemAsync(await nora.GetAsync("/api/audit/events"), HttpStatusCode.Forbidden, "no role");
        await ApiAssert.ProblemAsync(await nora.GetAsync("/api/patches"), HttpStatusCode.Forbidden, "only /api/me");
        Assert.Equal(HttpStatusCode.OK, (await nora.GetAsync("/api/keys")).StatusCode); // any signed-in user (API.md, access)
        await ApiAssert.ProblemAsync(await dev.GetAsync("/api/audit/events"), HttpStatusCode.Forbidden, "auditor", "developer");
        await ApiAssert.ProblemAsync(await dev.GetAsync("/api/audit/report"), HttpStatusCode.Forbidden, "reads evidence");
        Assert.Equal(HttpStatusCode.OK, (await audrey.GetAsync("/api/audit/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dev.GetAsync("/api/keys")).StatusCode);
    }
}
