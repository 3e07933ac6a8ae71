using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Assessment.Core.Evidence.Personal;

// A person's public key: Ed25519 or ECDSA P-256, whatever form it was given in, held as its
// SubjectPublicKeyInfo. The key id is the SHA-256 of that DER (as for the server's keys), so
// an outside verifier computes it from the PEM alone and never trusts a label.
internal sealed record PersonalKey(string Algorithm, byte[] SubjectPublicKeyInfo)
{
    public const string Ed25519 = "ed25519";
    public const string EcdsaP256 = "ecdsa-p256-sha256";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public string KeyId => Convert.ToHexStringLower(SHA256.HashData(SubjectPublicKeyInfo));

    public string Pem => PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfo);

    // Null with a reason when the text is no key this service accepts.
    public static PersonalKey? Parse(string text, out string problem)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            if (!PemEncoding.TryFind(trimmed, out var fields) || !trimmed[fields.Label].SequenceEqual("PUBLIC KEY"))
            {
                problem = "a PEM key must be a public key (-----BEGIN PUBLIC KEY-----, SubjectPublicKeyInfo)";
                return null;
            }
            return FromSpki(Convert.FromBase64String(trimmed[fields.Base64Data].ToString()), out problem);
        }
        var key = OpenSshPublicKey.Parse(trimmed, out problem);
        return key is null ? null : FromSpki(key, out problem);
    }

    public static PersonalKey? FromSpki(byte[] spki, out string problem)
    {
        problem = "";
        try
        {
            if (PublicKeyFactory.CreateKey(spki) is Ed25519PublicKeyParameters ed)
            {
                return new PersonalKey(Ed25519, SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(ed).GetDerEncoded());
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or SecurityUtilityException)
        {
            // Not a key BouncyCastle knows: tried as ECDSA below.
        }
        using var ec = ECDsa.Create();
        try
        {
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            if (string.Equals(ec.ExportParameters(false).Curve.Oid.Value, P256Oid, StringComparison.Ordinal))
            {
                return new PersonalKey(EcdsaP256, ec.ExportSubjectPublicKeyInfo());
            }
        }
        catch (CryptographicException)
        {
            // Falls through to the refusal.
        }
        problem = "only Ed25519 and ECDSA P-256 public keys are accepted";
        return null;
    }

    // The signature over `data`: Ed25519's 64 bytes, or an ECDSA DER sequence over SHA-256.
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (string.Equals(Algorithm, Ed25519, StringComparison.Ordinal))
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, PublicKeyFactory.CreateKey(SubjectPublicKeyInfo));
            verifier.BlockUpdate(data);
            return verifier.VerifySignature(signature.ToArray());
        }
        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo, out _);
        try
        {
            return ec.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
