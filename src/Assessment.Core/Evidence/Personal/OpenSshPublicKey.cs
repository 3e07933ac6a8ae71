using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace Assessment.Core.Evidence.Personal;

// An authorized_keys line ("ssh-ed25519 AAAA... comment" or "ecdsa-sha2-nistp256 AAAA..."),
// read as RFC 4253/5656 wire format and turned into a SubjectPublicKeyInfo.
internal static class OpenSshPublicKey
{
    public static byte[]? Parse(string line, out string problem)
    {
        problem = "not a PEM public key nor an OpenSSH 'ssh-ed25519' or 'ecdsa-sha2-nistp256' line";
        var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] is not ("ssh-ed25519" or "ecdsa-sha2-nistp256")) return null;
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            problem = "the OpenSSH key's data is not base64";
            return null;
        }
        var reader = new WireReader(blob);
        var type = reader.String();
        if (type is null || !string.Equals(Encoding.ASCII.GetString(type), parts[0], StringComparison.Ordinal))
        {
            problem = $"the OpenSSH key's data is not a {parts[0]} key";
            return null;
        }
        problem = $"the {parts[0]} key's data is malformed";
        return parts[0] == "ssh-ed25519" ? Ed25519(reader) : P256(reader);
    }

    private static byte[]? Ed25519(WireReader reader)
    {
        var key = reader.String();
        if (key is not { Length: 32 } || !reader.AtEnd) return null;
        return SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(new Ed25519PublicKeyParameters(key)).GetDerEncoded();
    }

    private static byte[]? P256(WireReader reader)
    {
        var curve = reader.String();
        var point = reader.String();
        if (curve is null || !curve.AsSpan().SequenceEqual("nistp256"u8) || point is not { Length: 65 } || point[0] != 4 || !reader.AtEnd)
        {
            return null;
        }
        try
        {
            using var ec = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33], Y = point[33..] },
            });
            return ec.ExportSubjectPublicKeyInfo();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private sealed class WireReader(byte[] data)
    {
        private int _at;

        public bool AtEnd => _at == data.Length;

        public byte[]? String()
        {
            if (data.Length - _at < 4) return null;
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(_at));
            if (length > (uint)(data.Length - _at - 4)) return null;
            var value = data.AsSpan(_at + 4, (int)length).ToArray();
            _at += 4 + (int)length;
            return value;
        }
    }
}
