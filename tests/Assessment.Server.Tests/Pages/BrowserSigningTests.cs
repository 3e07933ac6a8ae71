using System.Net;
using System.Net.Http.Json;
using System.Text;
using Assessment.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// Signing in the browser: a person with a registered key picks their private key file on the
// patch page, /sign.js signs the statement the server put into the form with WebCrypto, and the
// record is kept signed with that key and verifies; a key that is not theirs is refused (422 on
// the page) and nothing is recorded. Ed25519 and ECDSA P-256 both.
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

    private static async Task ApproveAsync(IPage page, int id, PersonKeyPair key)
    {
        await page.GotoAsync($"/patches/{id}");
        await page.GetByLabel("Approve", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Sign with your private key (PKCS#8 PEM, Ed25519 or ECDSA P-256; it stays in this browser)")
            .SetInputFilesAsync(new FilePayload { Name = "key.pem", MimeType = "application/x-pem-file", Buffer = Encoding.ASCII.GetBytes(key.PrivatePem) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
    }

    private static async Task RegisterAsync(PageServer s, string who, PersonKeyPair key) =>
        await ApiAssert.StatusAsync(await s[who].PostAsJsonAsync("/api/me/keys", new { publicKey = key.PublicPem }), HttpStatusCode.Created);
}
