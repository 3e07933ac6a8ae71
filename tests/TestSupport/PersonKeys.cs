using System.Buffers.Binary;
using System.Security.Cryptography;
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
    private PersonKeyPair(string privatePem, string publicPem, string openSsh, string openSshPrivate)
    {
        PrivatePem = privatePem;
        PublicPem = publicPem;
        OpenSshLine = openSsh;
        OpenSshPrivate = openSshPrivate;
        Signer = PersonalSigner.Parse(privatePem, "test key");
        // The two private files are one key: BouncyCastle's OpenSSH reader (the one `assess` uses) agrees.
        var fromOpenSsh = PersonalSigner.Parse(openSshPrivate, "test OpenSSH key").Key.KeyId;
        if (fromOpenSsh != KeyId) throw new InvalidOperationException($"the OpenSSH file reads as {fromOpenSsh}, not {KeyId}");
    }

    public string PrivatePem { get; }
    public string PublicPem { get; }
    public string OpenSshLine { get; }

    // The private key as ssh-keygen writes it without a passphrase (-----BEGIN OPENSSH PRIVATE KEY-----).
    public string OpenSshPrivate { get; }
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
        var seed = ((Ed25519PrivateKeyParameters)pair.Private).GetEncoded();
        var type = "ssh-ed25519"u8.ToArray();
        var publicBlob = Wire(type, pub.GetEncoded());
        return new PersonKeyPair(PemEncoding.WriteString("PRIVATE KEY", privateDer), PemEncoding.WriteString("PUBLIC KEY", spki),
            "ssh-ed25519 " + Convert.ToBase64String(publicBlob) + " someone@example.org",
            OpenSshFile(publicBlob, Wire(type, pub.GetEncoded(), [.. seed, .. pub.GetEncoded()], "someone@example.org"u8.ToArray())));
    }

    public static PersonKeyPair P256()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ec.ExportParameters(true);
        byte[] point = [4, .. parameters.Q.X!, .. parameters.Q.Y!];
        var (type, curve) = ("ecdsa-sha2-nistp256"u8.ToArray(), "nistp256"u8.ToArray());
        var publicBlob = Wire(type, curve, point);
        return new PersonKeyPair(ec.ExportPkcs8PrivateKeyPem(), ec.ExportSubjectPublicKeyInfoPem(),
            "ecdsa-sha2-nistp256 " + Convert.ToBase64String(publicBlob),
            OpenSshFile(publicBlob, Wire(type, curve, point, MpInt(parameters.D!), "someone@example.org"u8.ToArray())));
    }

    // The envelope `assess` would send with the action.
    public object Sign(string repository, string commit, int? patch, int revision, string action, string? verdict, string by, DateTimeOffset at) =>
        ActionStatement.Sign(Signer, repository, commit, new ActionPredicate(patch, revision, action, verdict, by, at));

    // openssh-key-v1, unencrypted: the magic, cipher and kdf "none", one key, its public blob, and
    // the private part (two equal check numbers, the key, its comment) padded 1, 2, 3... to 8 bytes.
    private static string OpenSshFile(byte[] publicBlob, byte[] key)
    {
        var check = RandomNumberGenerator.GetBytes(4);
        var secret = new List<byte>([.. check, .. check, .. key]);
        for (byte pad = 1; secret.Count % 8 != 0; pad++) secret.Add(pad);
        var count = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(count, 1);
        byte[] file = [.. "openssh-key-v1\0"u8, .. Wire("none"u8.ToArray(), "none"u8.ToArray(), []), .. count, .. Wire(publicBlob, [.. secret])];
        return PemEncoding.WriteString("OPENSSH PRIVATE KEY", file);
    }

    // An SSH mpint: big-endian without leading zeros, one zero added where the top bit is set.
    private static byte[] MpInt(byte[] value)
    {
        var trimmed = value.SkipWhile(b => b == 0).ToArray();
        return trimmed.Length > 0 && (trimmed[0] & 0x80) != 0 ? [0, .. trimmed] : trimmed;
    }

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
