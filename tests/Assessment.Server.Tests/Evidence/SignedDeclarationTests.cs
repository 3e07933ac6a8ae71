using System.Net;
using Assessment.Core.Evidence;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// An emergency declaration is signed like any other action (docs/evidence-format.md#action,
// patch null): checked against the declarer's keys before anything is recorded, kept with the
// emergency deployment, named in its event, and checked again by audit verify.
public sealed class SignedDeclarationTests
{
    private static object Declaration(Scenario s, PersonKeyPair key, string by = "sam", string? commit = null) => new
    {
        repository = Scenario.Repo, commit = commit ?? s.Openssl, title = "Upgrade OpenSSL (Heartbleed)",
        reason = "CVE-2014-0160 is remotely exploitable; patched at once.", arbitration = "a20140408.1",
        signature = key.Sign(Scenario.Repo, commit ?? s.Openssl, null, 1, "declare", null, by, s.App.Clock.GetUtcNow()),
    };

    [Fact]
    public async Task A_signed_declaration_is_checked_recorded_with_its_key_and_verified_by_audit_verify()
    {
        using var s = await Scenario.StartAsync();
        var sam = PersonKeyPair.Ed25519();
        await ApiAssert.StatusAsync(await s.PostAsync("sam", "/api/me/keys", new { publicKey = sam.OpenSshLine }), HttpStatusCode.Created);
        var before = (await s.EventsAsync()).Length;

        await ApiAssert.ProblemAsync(await s.PostAsync("sam", "/api/emergencies", Declaration(s, PersonKeyPair.P256())),
            HttpStatusCode.UnprocessableEntity, "signature", "not a key registered to sam", "nothing was recorded");
        await ApiAssert.ProblemAsync(await s.PostAsync("sam", "/api/emergencies", Declaration(s, sam, by: "bob")),
            HttpStatusCode.UnprocessableEntity, "signature", "person");
        Assert.Equal(before, (await s.EventsAsync()).Length);

        var patch = await ApiAssert.StatusAsync(await s.PostAsync("sam", "/api/emergencies", Declaration(s, sam)), HttpStatusCode.Created);
        var deployment = Assert.Single(patch.Items("deployments"));
        Assert.True(deployment.Bool("signed"));
        Assert.Equal(sam.KeyId, deployment.Str("keyId"));
        var declared = (await s.EventsAsync(patch.Int("id"))).Single(e => e.Str("type") == "emergency.declared");
        Assert.Equal(sam.KeyId, declared.GetProperty("data").GetProperty("signature").Str("keyId"));

        var verified = await s.GetAsync("audrey", "/api/audit/verify");
        Assert.True(verified.Bool("ok"), verified.ToString());

        // The stored envelope replaced by another of sam's signatures (of something else): named.
        var other = Dsse.ToJson((DsseEnvelope)sam.Sign(Scenario.Repo, s.Openssl, null, 1, "declare", null, "sam", s.App.Clock.GetUtcNow().AddMinutes(-1)));
        s.App.ExecuteSql($"""UPDATE "Deployments" SET "Signature" = '{other.Replace("'", "''", StringComparison.Ordinal)}' WHERE "PatchId" = {patch.Int("id")}""");
        var caught = await s.GetAsync("audrey", "/api/audit/verify");
        Assert.False(caught.Bool("ok"));
        Assert.Contains("the declaration", caught.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("is not the one its event names", caught.Str("detail"), StringComparison.Ordinal);
    }
}
