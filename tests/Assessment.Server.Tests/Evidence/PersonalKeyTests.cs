using System.Net;
using System.Security.Cryptography;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Evidence;

// POST /api/me/keys: Ed25519 or ECDSA P-256, as SubjectPublicKeyInfo PEM or an OpenSSH line;
// anything else is a 400 naming the field, with nothing recorded.
public sealed class PersonalKeyTests
{
    [Fact]
    public async Task A_P256_key_in_PEM_is_registered_with_its_id_listed_and_logged()
    {
        using var s = await Scenario.StartAsync();
        var pair = PersonKeyPair.P256();
        var before = (await s.EventsAsync()).Length;

        var created = await ApiAssert.StatusAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey = pair.PublicPem }), HttpStatusCode.Created);

        var spki = Convert.FromBase64String(string.Concat(pair.PublicPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki)), created.Str("id"));
        Assert.Equal("ecdsa-p256-sha256", created.Str("algorithm"));
        var listed = (await s.GetAsync("dave", "/api/users/bob/keys")).EnumerateArray().Single();
        Assert.Equal((created.Str("id"), s.App.Clock.GetUtcNow()), (listed.Str("id"), listed.GetProperty("registeredAt").GetDateTimeOffset()));
        var events = await s.EventsAsync();
        Assert.Equal(before + 1, events.Length);
        Assert.Equal(("user.key-registered", "bob"), (events[^1].Str("type"), events[^1].Str("actor")));
        Assert.Contains(created.Str("id"), events[^1].GetProperty("data").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Ed25519_key_is_the_same_key_as_an_OpenSSH_line_or_as_PEM_and_is_registered_once()
    {
        using var s = await Scenario.StartAsync();
        var pair = PersonKeyPair.Ed25519();

        var created = await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = pair.OpenSshLine }), HttpStatusCode.Created);

        Assert.Equal((pair.KeyId, "ed25519"), (created.Str("id"), created.Str("algorithm")));
        await ApiAssert.ProblemAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey = pair.PublicPem }), HttpStatusCode.Conflict,
            "publicKey", "already registered");
        var p256 = PersonKeyPair.P256();
        var ssh = await ApiAssert.StatusAsync(await s.PostAsync("carol", "/api/me/keys", new { publicKey = p256.OpenSshLine }), HttpStatusCode.Created);
        Assert.Equal(p256.KeyId, ssh.Str("id"));
        Assert.Equal(2, (await s.GetAsync("bob", "/api/users/carol/keys")).GetArrayLength());
    }

    public static TheoryData<string, string> Refused()
    {
        using var rsa = RSA.Create(2048);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return new TheoryData<string, string>
        {
            { "", "publicKey" },
            { rsa.ExportSubjectPublicKeyInfoPem(), "only Ed25519 and ECDSA P-256" },
            { p384.ExportSubjectPublicKeyInfoPem(), "only Ed25519 and ECDSA P-256" },
            { PersonKeyPair.P256().PrivatePem, "must be a public key" },
            { "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== me@host", "OpenSSH" },
            { "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== me@host", "malformed" },
            { "ssh-ed25519 not*base64", "not base64" },
        };
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Anything_else_is_refused_naming_the_field_and_nothing_is_recorded(string publicKey, string mention)
    {
        using var s = await Scenario.StartAsync();
        var before = (await s.EventsAsync()).Length;

        await ApiAssert.ProblemAsync(await s.PostAsync("bob", "/api/me/keys", new { publicKey }), HttpStatusCode.BadRequest, "publicKey", mention);

        Assert.Equal(before, (await s.EventsAsync()).Length);
        Assert.Equal(0, (await s.GetAsync("bob", "/api/users/bob/keys")).GetArrayLength());
    }

    [Fact]
    public async Task The_keys_of_someone_who_does_not_exist_are_not_found()
    {
        using var s = await Scenario.StartAsync();
        await ApiAssert.ProblemAsync(await s["bob"].GetAsync("/api/users/nobody/keys"), HttpStatusCode.NotFound, "nobody");
    }
}
