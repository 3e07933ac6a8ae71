using System.Net;
using System.Text.Json;
using Assessment.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// Administration in Chromium: an administrator creates a user, grants them a role citing a
// motion, registers a signing key of their own and revokes it, and registers a repository, all
// through the pages' forms; each change is then read back through the API. A person who does
// not administer is answered 403 on the users page.
public sealed class AdminBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task An_administrator_manages_users_keys_and_repositories_in_the_browser()
    {
        using var s = await PageServer.StartAsync();
        using var api = s.App.Admin;
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", new Dictionary<string, string?> { ["index.html"] = "www\n" });
        git.Branch("release");
        var admin = await chromium.NewPageAsync(s.BaseAddress);
        await admin.GotoAsync("/login");
        await admin.GetByLabel("API token").FillAsync(AssessmentApp.AdminToken);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(Chromium.UrlEndsWith("/patches"));

        // A new user, with the token shown once.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        var form = admin.Locator("#new-user");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("erin");
        await form.GetByLabel("tester", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("E-mail (optional)").FillAsync("erin@example.org");
        await form.GetByLabel("Motion").FillAsync("m-2026-07");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(admin.Locator(".notice")).ToContainTextAsync("Created erin. Their token, shown only now: asm_");
        var erin = await UserAsync(api, "erin");
        Assert.Equal(["tester"], Roles(erin));
        Assert.Equal("erin@example.org", erin.Str("email"));

        // A second role, granted with the motion that authorised it.
        var row = admin.Locator("#user-erin");
        await row.GetByText("Change erin").ClickAsync();
        await row.GetByLabel("auditor", new() { Exact = true }).CheckAsync();
        await row.Locator("#motion-roles-erin").FillAsync("m-2026-08");
        await row.GetByRole(AriaRole.Button, new() { Name = "Set roles" }).ClickAsync();
        await Expect(admin.Locator(".notice")).ToHaveTextAsync("The roles were changed.");
        await Expect(admin.Locator("#user-erin td").Nth(1)).ToHaveTextAsync("auditor, tester");
        Assert.Equal(["auditor", "tester"], Roles(await UserAsync(api, "erin")));
        var granted = await LastEventAsync(api, "user.roles-changed");
        Assert.Equal(("admin", "m-2026-08"), (granted.Str("actor"), granted.GetProperty("data").Str("motion")));

        // A signing key of the administrator's own, registered and revoked on /me.
        var key = PersonKeyPair.Ed25519();
        await admin.GetByRole(AriaRole.Link, new() { Name = "My keys", Exact = true }).ClickAsync();
        await admin.GetByLabel("Public key (Ed25519 or ECDSA P-256: PEM, or an OpenSSH line)").FillAsync(key.OpenSshLine);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Register key" }).ClickAsync();
        await Expect(admin.Locator(".notice")).ToContainTextAsync("The key was registered");
        var keyRow = admin.Locator($"#key-{key.KeyId}");
        await Expect(keyRow.Locator("td").Nth(3)).ToHaveTextAsync("in force");
        Assert.Equal(JsonValueKind.Null, (await KeyAsync(api, key.KeyId)).GetProperty("revokedAt").ValueKind);
        await keyRow.GetByRole(AriaRole.Button, new() { Name = $"Revoke key {key.KeyId[..12]}" }).ClickAsync();
        await Expect(admin.Locator(".notice")).ToContainTextAsync("The key was revoked");
        await Expect(admin.Locator($"#key-{key.KeyId} td").Nth(3)).ToContainTextAsync("revoked ");
        Assert.NotEqual(JsonValueKind.Null, (await KeyAsync(api, key.KeyId)).GetProperty("revokedAt").ValueKind);
        Assert.Equal(key.KeyId, (await LastEventAsync(api, "user.key-revoked")).GetProperty("data").Str("keyId"));

        // A repository.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Repositories", Exact = true }).ClickAsync();
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("www");
        await admin.GetByLabel("Path of the git repository on this server").FillAsync(git.Path);
        await admin.GetByLabel("Production branch (optional)").FillAsync("release");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(admin.Locator(".notice")).ToHaveTextAsync("The repository was registered.");
        var www = (await ApiAssert.StatusAsync(await api.GetAsync("/api/repositories"), HttpStatusCode.OK)).EnumerateArray().Single(r => r.Str("name") == "www");
        Assert.Equal("release", www.Str("productionBranch"));
        Assert.True((await ApiAssert.StatusAsync(await api.GetAsync("/api/audit/verify"), HttpStatusCode.OK)).GetProperty("ok").GetBoolean());

        // Someone who administers nothing is refused the page.
        var bob = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(bob, "bob");
        await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true })).ToHaveCountAsync(0);
        var refused = await bob.GotoAsync("/admin/users");
        Assert.Equal(403, refused!.Status);
        await Expect(bob.Locator(".error")).ToContainTextAsync("this needs a role that administers");
    }

    private static string[] Roles(JsonElement user) => [.. user.Items("roles").Select(r => r.GetString()!).Order(StringComparer.Ordinal)];

    private static async Task<JsonElement> UserAsync(HttpClient api, string name) =>
        (await ApiAssert.StatusAsync(await api.GetAsync("/api/users"), HttpStatusCode.OK)).EnumerateArray().Single(u => u.Str("name") == name);

    private static async Task<JsonElement> KeyAsync(HttpClient api, string id) =>
        (await ApiAssert.StatusAsync(await api.GetAsync("/api/users/admin/keys"), HttpStatusCode.OK)).EnumerateArray().Single(k => k.Str("id") == id);

    private static async Task<JsonElement> LastEventAsync(HttpClient api, string type) =>
        (await ApiAssert.StatusAsync(await api.GetAsync("/api/audit/events"), HttpStatusCode.OK)).EnumerateArray().Last(e => e.Str("type") == type);
}
