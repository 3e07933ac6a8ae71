using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Crypto.Utilities;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Assessment.Core.Evidence.Personal;

// A person's private key, read from the file ASSESS_SIGNING_KEY names: PEM (PKCS#8, or SEC 1
// "EC PRIVATE KEY") or an unencrypted OpenSSH private key, Ed25519 or ECDSA P-256.
internal sealed class PersonalSigner
{
    private readonly Func<byte[], byte[]> _sign;

    private PersonalSigner(PersonalKey key, Func<byte[], byte[]> sign)
    {
        Key = key;
        _sign = sign;
    }

    public PersonalKey Key { get; }

    public byte[] Sign(byte[] data) => _sign(data);

    public static PersonalSigner Load(string path) => Parse(File.ReadAllText(path), path);

    public static PersonalSigner Parse(string text, string source)
    {
        if (!PemEncoding.TryFind(text, out var fields))
            throw new InvalidOperationException($"{source} holds no PEM or OpenSSH private key");
        var label = text[fields.Label].ToString();
        var der = Convert.FromBase64String(text[fields.Base64Data].ToString());
        try
        {
            AsymmetricKeyParameter key = label switch
            {
                "OPENSSH PRIVATE KEY" => OpenSshPrivateKeyUtilities.ParsePrivateKeyBlob(der),
                "PRIVATE KEY" => PrivateKeyFactory.CreateKey(der),
                "EC PRIVATE KEY" => FromSec1(text),
                _ => throw new InvalidOperationException($"{source} holds a '{label}', not a private key (PRIVATE KEY or OPENSSH PRIVATE KEY)"),
            };
            return From(key, source);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException or CryptographicException or SecurityUtilityException)
        {
            throw new InvalidOperationException($"{source} is not an unencrypted Ed25519 or ECDSA P-256 private key: {e.Message}", e);
        }
    }

    private static AsymmetricKeyParameter FromSec1(string pem)
    {
        using var ec = ECDsa.Create();
        ec.ImportFromPem(pem);
        return PrivateKeyFactory.CreateKey(ec.ExportPkcs8PrivateKey());
    }

    private static PersonalSigner From(AsymmetricKeyParameter key, string source)
    {
        if (key is Ed25519PrivateKeyParameters ed)
        {
            var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(ed.GeneratePublicKey()).GetDerEncoded();
            return new PersonalSigner(Checked(spki, source), data =>
            {
                var signer = new Ed25519Signer();
                signer.Init(true, ed);
                signer.BlockUpdate(data, 0, data.Length);
                return signer.GenerateSignature();
            });
        }
        if (key is ECPrivateKeyParameters)
        {
            var pkcs8 = Org.BouncyCastle.Pkcs.PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();
            var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            return new PersonalSigner(Checked(ec.ExportSubjectPublicKeyInfo(), source),
                data => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
        throw new InvalidOperationException($"{source} holds neither an Ed25519 nor an ECDSA key");
    }

    private static PersonalKey Checked(byte[] spki, string source) =>
        PersonalKey.FromSpki(spki, out var problem) ?? throw new InvalidOperationException($"{source}: {problem}");
}
