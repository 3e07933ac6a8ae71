using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Assessment.Core.Evidence.Personal;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Assessment.TestSupport;

// A person's key pair as a test makes one: its private key as the PKCS#8 PEM `assess` reads,
// its public key as PEM and as an OpenSSH line, and signing of action statements with it.
internal sealed class PersonKeyPair
{
    private PersonKeyPair(string privatePem, string publicPem, string openSsh)
    {
        PrivatePem = privatePem;
        PublicPem = publicPem;
        OpenSshLine = openSsh;
        Signer = PersonalSigner.Parse(privatePem, "test key");
    }

    public string PrivatePem { get; }
    public string PublicPem { get; }
    public string OpenSshLine { get; }
    public PersonalSigner Signer { get; }
    public string KeyId => Signer.Key.KeyId;

    public static PersonKeyPair Ed25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var pub = (Ed25519PublicKeyParameters)pair.Public;
        var privateDer = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded();
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pub).GetDerEncoded();
        return new PersonKeyPair(PemEncoding.WriteString("PRIVATE KEY", privateDer), PemEncoding.WriteString("PUBLIC KEY", spki),
            "ssh-ed25519 " + Convert.ToBase64String(Wire(Encoding.ASCII.GetBytes("ssh-ed25519"), pub.GetEncoded())) + " someone@example.org");
    }

    public static PersonKeyPair P256()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ec.ExportParameters(false).Q;
        byte[] point = [4, .. q.X!, .. q.Y!];
        return new PersonKeyPair(ec.ExportPkcs8PrivateKeyPem(), ec.ExportSubjectPublicKeyInfoPem(),
            "ecdsa-sha2-nistp256 " + Convert.ToBase64String(Wire("ecdsa-sha2-nistp256"u8.ToArray(), "nistp256"u8.ToArray(), point)));
    }

    // The envelope `assess` would send with the action.
    public object Sign(string repository, string commit, int? patch, int revision, string action, string? verdict, string by, DateTimeOffset at) =>
        ActionStatement.Sign(Signer, repository, commit, new ActionPredicate(patch, revision, action, verdict, by, at));

    private static byte[] Wire(params byte[][] strings)
    {
        using var buffer = new MemoryStream();
        foreach (var s in strings)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)s.Length);
            buffer.Write(length);
            buffer.Write(s);
        }
        return buffer.ToArray();
    }
}
