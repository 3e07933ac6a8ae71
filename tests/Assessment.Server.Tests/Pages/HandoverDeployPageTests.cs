using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Assessment.TestSupport;
using static Assessment.Server.Tests.Pages.PageFormTests;

namespace Assessment.Server.Tests.Pages;

// A production deployment from the patch page checks the patch's hand-over on the server first,
// shows the result before the button, and records the digest of the document it checked, as
// `assess deploy --handover` does through the API.
public sealed partial class HandoverDeployPageTests
{
    [GeneratedRegex("<p class=\"handover-check ok\" role=\"status\" id=\"handover-check\">.*?<code class=\"fingerprint\">(sha256:[0-9a-f]{64})</code>", RegexOptions.Singleline)]
    private static partial Regex CheckedDigest();

    [Fact]
    public async Task The_deployment_made_from_the_page_names_the_digest_of_the_handover_it_checked()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.BlessedAsync();
        using var sam = Browser(s);
        await SignInAsync(sam, s.TokenOf("sam"));

        var page = await sam.GetStringAsync(new Uri($"/patches/{id}", UriKind.Relative));
        var shown = CheckedDigest().Match(page);
        Assert.True(shown.Success, "the deploy form shows no verified hand-over");
        Assert.True(page.IndexOf("id=\"handover-check\"", StringComparison.Ordinal) < page.IndexOf(">Deploy to production</button>", StringComparison.Ordinal));
        var document = await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsByteArrayAsync();
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(document));
        Assert.Equal(digest, shown.Groups[1].Value);
        Assert.Contains($"name=\"handover\" value=\"{digest}\"", page, StringComparison.Ordinal);

        var token = await AntiforgeryTokenAsync(sam, $"/patches/{id}");
        var deployed = await sam.PostAsync(new Uri($"/patches/{id}/deploy", UriKind.Relative), Form(("__RequestVerificationToken", token),
            ("environment", "production"), ("commit", s.Fix1), ("witness", "dave"), ("handover", digest)));
        Assert.Equal(HttpStatusCode.SeeOther, deployed.StatusCode);

        var production = (await s.PatchAsync(id)).Items("deployments").Single(d => d.Str("environment") == "production");
        Assert.Equal(digest, production.Str("handover"));
        using var admin = s.App.Admin;
        var events = (await ApiAssert.StatusAsync(await admin.GetAsync($"/api/audit/events?patch={id}"), HttpStatusCode.OK)).EnumerateArray();
        var recorded = events.Last(e => e.Str("type") == "patch.deployed").GetProperty("data").GetProperty("details");
        Assert.Equal(("production", digest), (recorded.Str("environment"), recorded.Str("handover")));
    }

    [Fact]
    public async Task A_handover_that_does_not_verify_offers_no_button_and_a_forced_post_records_nothing()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.BlessedAsync();
        var issued = await (await s["sam"].GetAsync($"/api/patches/{id}/handover")).Content.ReadAsStringAsync();
        // The stored document altered after it was signed: its payload names another title.
        var envelope = JsonNode.Parse(issued)!.AsObject();
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(envelope["payload"]!.GetValue<string>()));
        Assert.Contains("Escape user names", payload, StringComparison.Ordinal);
        envelope["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace("Escape user names", "Escape user nameZ", StringComparison.Ordinal)));
        var altered = envelope.ToJsonString().Replace("'", "''", StringComparison.Ordinal);
        Assert.Equal(1, s.App.ExecuteSql($"""UPDATE "Handovers" SET "Document" = '{altered}' WHERE "PatchId" = {id}"""));
        using var sam = Browser(s);
        await SignInAsync(sam, s.TokenOf("sam"));

        var page = await sam.GetStringAsync(new Uri($"/patches/{id}", UriKind.Relative));
        Assert.Contains("<strong>Hand-over check failed</strong>: the hand-over does not verify", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Deploy to production</button>", page, StringComparison.Ordinal);

        var token = await AntiforgeryTokenAsync(sam, $"/patches/{id}");
        var forced = await sam.PostAsync(new Uri($"/patches/{id}/deploy", UriKind.Relative), Form(("__RequestVerificationToken", token),
            ("environment", "production"), ("commit", s.Fix1), ("witness", "dave")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forced.StatusCode);
        Assert.Contains("handover: not deployed, the hand-over does not verify", await forced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await s.PatchAsync(id)).Items("deployments"), d => d.Str("environment") == "production");
    }

    [Fact]
    public async Task A_page_that_showed_another_handover_is_refused_and_records_nothing()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.BlessedAsync();
        using var sam = Browser(s);
        await SignInAsync(sam, s.TokenOf("sam"));

        var token = await AntiforgeryTokenAsync(sam, $"/patches/{id}");
        var stale = await sam.PostAsync(new Uri($"/patches/{id}/deploy", UriKind.Relative), Form(("__RequestVerificationToken", token),
            ("environment", "production"), ("commit", s.Fix1), ("witness", "dave"), ("handover", "sha256:" + new string('0', 64))));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("reload the page", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await s.PatchAsync(id)).Items("deployments"), d => d.Str("environment") == "production");
    }
}
