using System.Net;
using System.Net.Http.Json;
using System.Text;
using Assessment.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// Signing in the browser: a person with a registered key picks their private key file on the
// page, /sign.js asks the server for the action's statement as the form stands, signs it with
// WebCrypto, and the record is kept signed with that key and verifies; a key that is not theirs
// is refused (422 on the page) and nothing is recorded. Ed25519 and ECDSA P-256, PKCS#8 PEM and
// OpenSSH files; every signed action of both processes: review, test result, deployments,
// blessing, and the declaration of an emergency.
public sealed class BrowserSigningTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task Assessors_approve_from_the_page_signed_with_their_key_files_and_a_key_not_theirs_is_refused()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var bobKey = PersonKeyPair.Ed25519();
        var carolKey = PersonKeyPair.P256();
        await RegisterAsync(s, "bob", bobKey);
        await RegisterAsync(s, "carol", carolKey);

        var bob = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(bob, "bob");
        await ApproveAsync(bob, id, bobKey);
        await Expect(bob.Locator(".notice").First).ToContainTextAsync("Your review was recorded.");
        var review = Assert.Single((await s.PatchAsync(id)).GetProperty("reviews").EnumerateArray());
        Assert.Equal(("bob", true, bobKey.KeyId), (review.Str("by"), review.GetProperty("signed").GetBoolean(), review.Str("keyId")));

        // carol picks bob's key file: the server refuses the signature and records nothing.
        var carol = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(carol, "carol");
        await ApproveAsync(carol, id, bobKey);
        await Expect(carol.Locator(".error[role=alert]").First).ToContainTextAsync($"signed by {bobKey.KeyId}, which is not a key registered to carol");
        Assert.Single((await s.PatchAsync(id)).GetProperty("reviews").EnumerateArray());

        await ApproveAsync(carol, id, carolKey);
        await Expect(carol.Locator(".notice").First).ToContainTextAsync("Your review was recorded.");
        var reviews = (await s.PatchAsync(id)).GetProperty("reviews").EnumerateArray().ToList();
        var carols = Assert.Single(reviews, r => r.Str("by") == "carol");
        Assert.Equal((true, carolKey.KeyId), (carols.GetProperty("signed").GetBoolean(), carols.Str("keyId")));
        Assert.Equal("reviewed", (await s.PatchAsync(id)).Str("state"));

        var verify = await ApiAssert.StatusAsync(await s.App.Admin.GetAsync("/api/audit/verify"), HttpStatusCode.OK);
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
        Assert.Empty(verify.GetProperty("records").EnumerateArray());
        var signedEvents = (await ApiAssert.StatusAsync(await s.App.Admin.GetAsync($"/api/audit/events?patch={id}"), HttpStatusCode.OK))
            .EnumerateArray().Where(e => e.Str("type") == "patch.reviewed").Select(e => e.GetProperty("data").GetProperty("signature").Str("keyId")).ToList();
        Assert.Equal([bobKey.KeyId, carolKey.KeyId], signedEvents);
    }

    [SkippableFact]
    public async Task Without_a_key_file_the_form_posts_unsigned_and_the_document_decides()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var key = PersonKeyPair.Ed25519();
        await RegisterAsync(s, "bob", key);
        var bob = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(bob, "bob");
        await bob.GotoAsync($"/patches/{id}");
        await Expect(bob.Locator("#review-form [data-sign]")).ToBeVisibleAsync();
        await bob.GetByLabel("Approve", new() { Exact = true }).CheckAsync();
        await bob.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        // regular.md asks for a signed approval once the person has a key.
        await Expect(bob.Locator(".error[role=alert]").First).ToContainTextAsync("requires 'approve' to be signed");
        Assert.Empty((await s.PatchAsync(id)).GetProperty("reviews").EnumerateArray());
    }

    [SkippableFact]
    public async Task A_page_left_open_an_hour_signs_a_statement_of_the_moment_it_is_sent_and_OpenSSH_key_files_sign()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var bobKey = PersonKeyPair.Ed25519();
        var carolKey = PersonKeyPair.P256();
        // Registered as the lines of their ~/.ssh/*.pub; the private halves are the files ssh-keygen writes.
        await RegisterAsync(s, "bob", bobKey.OpenSshLine);
        await RegisterAsync(s, "carol", carolKey.OpenSshLine);

        foreach (var (who, key) in new[] { ("bob", bobKey), ("carol", carolKey) })
        {
            var page = await chromium.NewPageAsync(s.BaseAddress);
            await s.SignInAsync(page, who);
            await page.GotoAsync($"/patches/{id}");
            // The page stays open far longer than the ten minutes a signed time may lie from the server's.
            s.App.Clock.Advance(TimeSpan.FromHours(1));
            await page.GetByLabel("Approve", new() { Exact = true }).CheckAsync();
            await PickKeyAsync(page, key.OpenSshPrivate, "id_key");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
            await Expect(page.Locator(".notice").First).ToContainTextAsync("Your review was recorded.");
        }
        var reviews = (await s.PatchAsync(id)).GetProperty("reviews").EnumerateArray().ToList();
        Assert.Equal([("bob", true, bobKey.KeyId), ("carol", true, carolKey.KeyId)],
            reviews.Select(r => (r.Str("by"), r.GetProperty("signed").GetBoolean(), r.Str("keyId"))).ToList());
        var verify = await ApiAssert.StatusAsync(await s.App.Admin.GetAsync("/api/audit/verify"), HttpStatusCode.OK);
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
        Assert.Empty(verify.GetProperty("records").EnumerateArray());
    }

    [SkippableFact]
    public async Task Deployments_test_results_and_the_blessing_are_signed_from_their_pages()
    {
        using var s = await PageServer.StartAsync();
        await s.AddUserAsync("erin", "tester");
        var id = await s.SubmitAsync();
        foreach (var assessor in new[] { "bob", "carol" })
        {
            await ApiAssert.StatusAsync(await s[assessor].PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "approve" }), HttpStatusCode.Created);
        }
        var keys = new Dictionary<string, PersonKeyPair>(StringComparer.Ordinal)
        {
            ["bob"] = PersonKeyPair.Ed25519(), ["dave"] = PersonKeyPair.P256(), ["erin"] = PersonKeyPair.Ed25519(),
            ["carol"] = PersonKeyPair.P256(), ["sam"] = PersonKeyPair.Ed25519(),
        };
        foreach (var (who, key) in keys) await RegisterAsync(s, who, key.PublicPem);

        // The person's form on the patch page, with their key file picked.
        async Task<(IPage Page, ILocator Form)> OpenAsync(string who, string form)
        {
            var page = await chromium.NewPageAsync(s.BaseAddress);
            await s.SignInAsync(page, who);
            await page.GotoAsync($"/patches/{id}");
            var locator = page.Locator(form);
            await PickKeyAsync(locator, keys[who].PrivatePem, "key.pem");
            return (page, locator);
        }

        var (bob, toTest) = await OpenAsync("bob", "#deploy-test-form");
        await toTest.GetByRole(AriaRole.Button, new() { Name = "Deploy to test" }).ClickAsync();
        await Expect(bob.Locator(".notice").First).ToContainTextAsync("The deployment was recorded.");
        foreach (var tester in new[] { "dave", "erin" })
        {
            var (page, form) = await OpenAsync(tester, "#test-form");
            await form.GetByLabel("Record a pass", new() { Exact = true }).CheckAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "Record test result" }).ClickAsync();
            await Expect(page.Locator(".notice").First).ToContainTextAsync("Your test result was recorded.");
        }
        var (carol, bless) = await OpenAsync("carol", "#bless-form");
        await bless.GetByRole(AriaRole.Button, new() { Name = "Bless" }).ClickAsync();
        await Expect(carol.Locator(".notice").First).ToContainTextAsync("The patch is blessed");
        var (sam, production) = await OpenAsync("sam", "#deploy-production-form");
        await Expect(sam.Locator("#handover-check")).ToContainTextAsync("Hand-over checked");
        await production.GetByLabel("Witness (second pair of eyes)").FillAsync("dave");
        await production.GetByRole(AriaRole.Button, new() { Name = "Deploy to production" }).ClickAsync();
        await Expect(sam.Locator(".notice").First).ToContainTextAsync("The deployment was recorded.");

        var patch = await s.PatchAsync(id);
        Assert.Equal("deployed", patch.Str("state"));
        var deployments = patch.GetProperty("deployments").EnumerateArray()
            .Select(d => (d.Str("environment"), d.Str("by"), d.GetProperty("signed").GetBoolean(), d.Str("keyId"))).ToList();
        Assert.Equal([("test", "bob", true, keys["bob"].KeyId), ("production", "sam", true, keys["sam"].KeyId)], deployments);
        var tests = patch.GetProperty("tests").EnumerateArray().Select(t => (t.Str("by"), t.GetProperty("signed").GetBoolean(), t.Str("keyId"))).ToList();
        Assert.Equal([("dave", true, keys["dave"].KeyId), ("erin", true, keys["erin"].KeyId)], tests);
        var blessing = patch.GetProperty("blessing");
        Assert.Equal(("carol", true, keys["carol"].KeyId), (blessing.Str("by"), blessing.GetProperty("signed").GetBoolean(), blessing.Str("keyId")));
        var verify = await ApiAssert.StatusAsync(await s.App.Admin.GetAsync("/api/audit/verify"), HttpStatusCode.OK);
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
        Assert.Empty(verify.GetProperty("records").EnumerateArray());
    }

    [SkippableFact]
    public async Task An_emergency_is_declared_signed_from_its_page()
    {
        using var s = await PageServer.StartAsync();
        var key = PersonKeyPair.P256();
        await RegisterAsync(s, "sam", key.OpenSshLine);
        var sam = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(sam, "sam");
        await sam.GotoAsync("/emergencies/new");
        await sam.GetByLabel("Title").FillAsync("Escape user names now");
        await sam.GetByLabel("Commit (deployed, or about to be: sha, short sha or branch)").FillAsync(s.Fix1[..9]);
        await sam.GetByLabel("Reason (why it cannot wait)").FillAsync("XSS exploited in the wild");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Check refs" }).ClickAsync();
        // Checking again does not sign: only the declaration is signed.
        await PickKeyAsync(sam, key.OpenSshPrivate, "id_ecdsa");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Check again" }).ClickAsync();
        await Expect(sam.GetByRole(AriaRole.Button, new() { Name = "Declare emergency" })).ToBeVisibleAsync();
        await PickKeyAsync(sam, key.OpenSshPrivate, "id_ecdsa");
        s.App.Clock.Advance(TimeSpan.FromMinutes(30));
        await sam.GetByRole(AriaRole.Button, new() { Name = "Declare emergency" }).ClickAsync();
        await Expect(sam.Locator(".notice").First).ToContainTextAsync("The emergency was declared");

        var id = BrowserSteps.IdOf(sam);
        var deployment = Assert.Single((await s.PatchAsync(id)).GetProperty("deployments").EnumerateArray());
        Assert.Equal(("production", s.Fix1, true, key.KeyId),
            (deployment.Str("environment"), deployment.Str("commit"), deployment.GetProperty("signed").GetBoolean(), deployment.Str("keyId")));
        var declared = Assert.Single((await ApiAssert.StatusAsync(await s.App.Admin.GetAsync($"/api/audit/events?patch={id}&type=emergency.declared"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(key.KeyId, declared.GetProperty("data").GetProperty("signature").Str("keyId"));

        // A key that is not sam's: refused on the page, and no second emergency.
        await sam.GotoAsync("/emergencies/new");
        await sam.GetByLabel("Title").FillAsync("Escape e-mail addresses now");
        await sam.GetByLabel("Commit (deployed, or about to be: sha, short sha or branch)").FillAsync(s.Fix2);
        await sam.GetByLabel("Reason (why it cannot wait)").FillAsync("Also exploited");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Check refs" }).ClickAsync();
        var other = PersonKeyPair.Ed25519();
        await PickKeyAsync(sam, other.OpenSshPrivate, "id_ed25519");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Declare emergency" }).ClickAsync();
        await Expect(sam.Locator(".error[role=alert]").First).ToContainTextAsync($"signed by {other.KeyId}, which is not a key registered to sam");
        var patches = await ApiAssert.StatusAsync(await s["sam"].GetAsync("/api/patches"), HttpStatusCode.OK);
        Assert.Single(patches.EnumerateArray());
    }

    [SkippableFact]
    public async Task A_key_file_the_page_cannot_use_is_named_and_nothing_is_sent()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        await RegisterAsync(s, "bob", PersonKeyPair.Ed25519().PublicPem);
        var bob = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(bob, "bob");
        await bob.GotoAsync($"/patches/{id}");
        await bob.GetByLabel("Approve", new() { Exact = true }).CheckAsync();
        await PickKeyAsync(bob, "ssh-ed25519 AAAA bob@example.org\n", "id_ed25519.pub");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(bob.Locator("#review-form [data-sign-problem]")).ToContainTextAsync("Not signed: the file is neither a PKCS#8 PEM private key");
        Assert.Empty((await s.PatchAsync(id)).GetProperty("reviews").EnumerateArray());
    }

    private static async Task ApproveAsync(IPage page, int id, PersonKeyPair key)
    {
        await page.GotoAsync($"/patches/{id}");
        await page.GetByLabel("Approve", new() { Exact = true }).CheckAsync();
        await PickKeyAsync(page, key.PrivatePem, "key.pem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
    }

    private static async Task PickKeyAsync(IPage page, string file, string name) =>
        await PickKeyAsync(page.Locator("form", new() { Has = page.Locator("[data-sign]") }).First, file, name);

    private static async Task PickKeyAsync(ILocator form, string file, string name) =>
        await form.GetByLabel(Assessment.Server.Pages.SignatureField.Label)
            .SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/octet-stream", Buffer = Encoding.ASCII.GetBytes(file) });

    private static async Task RegisterAsync(PageServer s, string who, PersonKeyPair key) => await RegisterAsync(s, who, key.PublicPem);

    private static async Task RegisterAsync(PageServer s, string who, string publicKey) =>
        await ApiAssert.StatusAsync(await s[who].PostAsJsonAsync("/api/me/keys", new { publicKey }), HttpStatusCode.Created);
}
