using System.Net;
using System.Text;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// A SLSA Source VSA beside the hand-over, checked against the fields the SLSA
// verification_summary/v1 specification requires, and its signature by the independent verifier.
public sealed class VsaTests
{
    private static JsonElement Statement(string envelope)
    {
        var env = JsonDocument.Parse(envelope).RootElement;
        Assert.Equal("application/vnd.in-toto+json", env.Str("payloadType"));
        return JsonDocument.Parse(Convert.FromBase64String(env.Str("payload"))).RootElement.Clone();
    }

    [Fact]
    public async Task A_blessed_patch_has_a_VSA_with_every_field_the_specification_requires()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var patch = await s.PatchAsync(id);

        var statement = Statement(await (await s["sam"].GetAsync($"/api/patches/{id}/vsa")).Content.ReadAsStringAsync());

        Assert.Equal("https://in-toto.io/Statement/v1", statement.Str("_type"));
        Assert.Equal("https://slsa.dev/verification_summary/v1", statement.Str("predicateType"));
        var subject = Assert.Single(statement.Items("subject"));
        Assert.Equal((s.Fix2, patch.Str("repository")), (subject.GetProperty("digest").Str("gitCommit"), subject.Str("name")));
        var p = statement.GetProperty("predicate");
        Assert.False(string.IsNullOrEmpty(p.GetProperty("verifier").Str("id")));
        Assert.Equal(patch.GetProperty("blessing").GetProperty("at").GetDateTimeOffset(), p.GetProperty("timeVerified").GetDateTimeOffset());
        Assert.EndsWith("Z", p.Str("timeVerified"), StringComparison.Ordinal);
        Assert.StartsWith("git+", p.Str("resourceUri"), StringComparison.Ordinal);
        Assert.EndsWith("/workflows/regular.md", p.GetProperty("policy").Str("uri"), StringComparison.Ordinal);
        var workflowHash = (await s.GetAsync("audrey", "/healthz")).Items("workflows").Single(w => w.Str("name") == "regular").Str("contentHash");
        Assert.Equal(workflowHash, p.GetProperty("policy").GetProperty("digest").Str("sha256"));
        Assert.Equal("PASSED", p.Str("verificationResult"));
        Assert.Contains("SLSA_SOURCE_TWO_PARTY_REVIEWED", p.Strings("verifiedLevels"));
    }

    [Fact]
    public async Task Two_party_review_is_claimed_only_when_the_document_demanded_it_and_nothing_before_a_blessing()
    {
        var workflows = Patches.WorkflowDocumentTests.CopyWorkflows(text =>
            text.Replace("| approvals | 2 | approve | |", "| approvals | 1 | approve | |", StringComparison.Ordinal));
        using var s = await Scenario.StartAsync(workflows);
        var id = await s.RegularInStateAsync("blessed");
        var p = Statement(await (await s["sam"].GetAsync($"/api/patches/{id}/vsa")).Content.ReadAsStringAsync()).GetProperty("predicate");
        Assert.DoesNotContain("SLSA_SOURCE_TWO_PARTY_REVIEWED", p.Strings("verifiedLevels"));

        var open = await s.SubmitAsync();
        await ApiAssert.ProblemAsync(await s["sam"].GetAsync($"/api/patches/{open}/vsa"), HttpStatusCode.Conflict, "only a blessed commit");
    }

    [SkippableFact]
    public async Task The_independent_verifier_checks_the_VSA_signature_and_catches_an_edit()
    {
        IndependentVerifierTests.RequirePython();
        using var s = await Scenario.StartAsync();
        var id = await s.RegularInStateAsync("blessed");
        var dir = TempGitRepo.NewTempFolder("vsa");
        try
        {
            var keys = await IndependentVerifierTests.SaveAsync(s, "/api/keys", dir, "keys.json");
            var vsa = await IndependentVerifierTests.SaveAsync(s, $"/api/patches/{id}/vsa", dir, "vsa.json");
            var ok = await IndependentVerifierTests.RunAsync("vsa", vsa, keys);
            Assert.True(ok.Code == 0, ok.Output);
            Assert.StartsWith("ok: VSA PASSED for git+", ok.Output, StringComparison.Ordinal);

            var env = await File.ReadAllTextAsync(vsa);
            var payload = JsonDocument.Parse(env).RootElement.Str("payload");
            var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                Encoding.UTF8.GetString(Convert.FromBase64String(payload)).Replace("PASSED", "FAILED", StringComparison.Ordinal)));
            await File.WriteAllTextAsync(vsa, env.Replace(payload, forged, StringComparison.Ordinal));
            var bad = await IndependentVerifierTests.RunAsync("vsa", vsa, keys);
            Assert.Equal((1, "not ok: no signature of the envelope verifies with the keys"), (bad.Code, bad.Output));
        }
        finally
        {
            TempGitRepo.DeleteFolder(dir);
        }
    }
}
