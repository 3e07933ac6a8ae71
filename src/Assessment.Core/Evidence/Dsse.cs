using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assessment.Core.Evidence;

// A DSSE v1 envelope (github.com/secure-systems-lab/dsse): the signature covers the payload
// type and the raw payload bytes, never the JSON around them, so the envelope may be
// re-serialised freely without breaking it.
internal sealed record DsseEnvelope(
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures);

internal sealed record DsseSignature(
    [property: JsonPropertyName("keyid")] string Keyid,
    [property: JsonPropertyName("sig")] string Sig);

internal sealed record DsseVerification(bool Ok, string Detail, byte[]? Payload)
{
    public static DsseVerification Bad(string detail) => new(false, detail, null);
}

internal static class Dsse
{
    private static readonly JsonSerializerOptions Strict = EvidenceJson.Strict;

    public static DsseEnvelope Sign(SigningKey key, string payloadType, byte[] payload)
    {
        var signature = key.Sign(Pae(payloadType, payload));
        return new DsseEnvelope(payloadType, Convert.ToBase64String(payload),
            [new DsseSignature(key.KeyId, Convert.ToBase64String(signature))]);
    }

    public static DsseVerification Verify(DsseEnvelope env, string publicKeyPem, string expectedKeyId)
    {
        ArgumentNullException.ThrowIfNull(env);
        var actualKeyId = SigningKey.KeyIdOf(publicKeyPem);
        if (actualKeyId is null) return DsseVerification.Bad("the public key is not an ECDSA P-256 key in PEM form");
        if (!string.Equals(actualKeyId, expectedKeyId, StringComparison.Ordinal))
        {
            return DsseVerification.Bad($"the public key has id {actualKeyId}, not {expectedKeyId}");
        }
        if (TryBase64(env.Payload) is not { } payload) return DsseVerification.Bad("payload is not valid base64");

        var mine = env.Signatures.Where(s => string.Equals(s.Keyid, expectedKeyId, StringComparison.Ordinal)).ToList();
        if (mine.Count == 0)
        {
            var others = env.Signatures.Count == 0
                ? "the envelope has no signatures"
                : "it is signed by " + string.Join(", ", env.Signatures.Select(s => s.Keyid));
            return DsseVerification.Bad($"no signature by key {expectedKeyId}: {others}");
        }
        var signed = Pae(env.PayloadType, payload);
        foreach (var s in mine)
        {
            if (TryBase64(s.Sig) is not { } sig) return DsseVerification.Bad($"the signature by key {expectedKeyId} is not valid base64");
            if (SigningKey.Verify(publicKeyPem, signed, sig)) return new DsseVerification(true, $"signed by key {expectedKeyId}", payload);
        }
        return DsseVerification.Bad($"signature does not verify with key {expectedKeyId}");
    }

    public static string ToJson(DsseEnvelope env) => JsonSerializer.Serialize(env, Strict);

    // Throws JsonException with a reader-facing message when the text is not an envelope.
    public static DsseEnvelope Parse(string json)
    {
        var env = JsonSerializer.Deserialize<DsseEnvelope>(json, Strict)
            ?? throw new JsonException("the document is null");
        // The serializer does not check list elements against nullable annotations.
        if (env.Signatures.Any(s => s is null)) throw new JsonException("an entry of signatures is null");
        return env;
    }

    // PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal bytes.
    public static byte[] Pae(string payloadType, ReadOnlySpan<byte> body)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"DSSEv1 {type.Length} {payloadType} {body.Length} "));
        var result = new byte[header.Length + body.Length];
        header.CopyTo(result, 0);
        body.CopyTo(result.AsSpan(header.Length));
        return result;
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) ? buffer[..length] : null;
    }
}
