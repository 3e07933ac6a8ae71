using System.Text;
using System.Text.Json;
using Assessment.Core.Evidence;

namespace Assessment.Core.Tests.Evidence;

public sealed class DsseTests
{
    private const string Type = "application/vnd.in-toto+json";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"hello\":\"world\"}");

    [Fact]
    public void Pae_matches_the_dsse_specification_example()
    {
        var pae = Dsse.Pae("http://example.com/HelloWorld", Encoding.UTF8.GetBytes("hello world"));

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void Pae_counts_bytes_not_characters()
    {
        var pae = Dsse.Pae("t/ü", Encoding.UTF8.GetBytes("é"));

        Assert.Equal("DSSEv1 4 t/ü 2 é", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void Signed_envelope_verifies_and_gives_back_the_payload()
    {
        using var key = SigningKey.Generate();
        var env = Dsse.Sign(key, Type, Body);

        var result = Dsse.Verify(env, key.PublicKeyPem, key.KeyId);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal($"signed by key {key.KeyId}", result.Detail);
        Assert.Equal(Body, result.Payload);
        Assert.Equal(key.KeyId, Assert.Single(env.Signatures).Keyid);
    }

    [Fact]
    public void One_flipped_payload_byte_fails()
    {
        using var key = SigningKey.Generate();
        var env = Dsse.Sign(key, Type, Body);
        var tampered = (byte[])Body.Clone();
        tampered[3] ^= 0x01;

        var result = Dsse.Verify(env with { Payload = Convert.ToBase64String(tampered) }, key.PublicKeyPem, key.KeyId);

        Assert.False(result.Ok);
        Assert.Equal($"signature does not verify with key {key.KeyId}", result.Detail);
        Assert.Null(result.Payload);
    }

    [Fact]
    public void A_changed_payload_type_fails()
    {
        using var key = SigningKey.Generate();
        var env = Dsse.Sign(key, Type, Body);

        var result = Dsse.Verify(env with { PayloadType = "text/plain" }, key.PublicKeyPem, key.KeyId);

        Assert.Equal($"signature does not verify with key {key.KeyId}", result.Detail);
    }

    [Fact]
    public void Another_key_finds_no_signature_of_its_own()
    {
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var env = Dsse.Sign(key, Type, Body);

        var result = Dsse.Verify(env, other.PublicKeyPem, other.KeyId);

        Assert.False(result.Ok);
        Assert.Equal($"no signature by key {other.KeyId}: it is signed by {key.KeyId}", result.Detail);
    }

    [Fact]
    public void A_signature_relabelled_with_another_key_id_does_not_verify()
    {
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var env = Dsse.Sign(key, Type, Body);
        var relabelled = env with { Signatures = [env.Signatures[0] with { Keyid = other.KeyId }] };

        var result = Dsse.Verify(relabelled, other.PublicKeyPem, other.KeyId);

        Assert.Equal($"signature does not verify with key {other.KeyId}", result.Detail);
    }

    [Fact]
    public void A_key_id_that_does_not_belong_to_the_key_is_refused()
    {
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var env = Dsse.Sign(key, Type, Body);

        var result = Dsse.Verify(env, other.PublicKeyPem, key.KeyId);

        Assert.Equal($"the public key has id {other.KeyId}, not {key.KeyId}", result.Detail);
    }

    [Fact]
    public void Bad_base64_is_named()
    {
        using var key = SigningKey.Generate();
        var env = Dsse.Sign(key, Type, Body);

        Assert.Equal("payload is not valid base64",
            Dsse.Verify(env with { Payload = "%%%" }, key.PublicKeyPem, key.KeyId).Detail);
        Assert.Equal($"the signature by key {key.KeyId} is not valid base64",
            Dsse.Verify(env with { Signatures = [new DsseSignature(key.KeyId, "%%%")] }, key.PublicKeyPem, key.KeyId).Detail);
    }

    [Fact]
    public void Json_uses_the_dsse_member_names_and_round_trips()
    {
        using var key = SigningKey.Generate();
        var env = Dsse.Sign(key, Type, Body);

        var json = Dsse.ToJson(env);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal(["payloadType", "payload", "signatures"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["keyid", "sig"], root.GetProperty("signatures")[0].EnumerateObject().Select(p => p.Name));
        Assert.True(Dsse.Verify(Dsse.Parse(json), key.PublicKeyPem, key.KeyId).Ok);
    }

    [Fact]
    public void Parse_rejects_an_envelope_without_signatures()
    {
        Assert.Throws<JsonException>(() => Dsse.Parse("{\"payloadType\":\"x\",\"payload\":\"\"}"));
        Assert.Throws<JsonException>(() => Dsse.Parse("{\"payloadType\":\"x\",\"payload\":\"\",\"signatures\":null}"));
    }
}
