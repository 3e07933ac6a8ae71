using System.Security.Cryptography;

namespace Assessment.Core.Evidence;

// The server's ECDSA P-256 key. It signs checkpoints and hand-overs so that an auditor or a
// sysadmin can check them offline with only the public key from GET /api/keys.
internal sealed class SigningKey : IDisposable
{
    public const string FileName = "signing-key.pem";
    public const string Algorithm = "ecdsa-p256-sha256";

    private readonly ECDsa _key;

    private SigningKey(ECDsa key)
    {
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        KeyId = KeyIdOf(key);
    }

    public string KeyId { get; }
    public string PublicKeyPem { get; }
    public PublicKeyInfo Info => new(KeyId, Algorithm, PublicKeyPem);

    public static SigningKey LoadOrCreate(string dataDirectory) => LoadOrCreateFile(Path.Combine(dataDirectory, FileName));

    public static SigningKey LoadOrCreateFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!File.Exists(path)) TryCreate(path);
        return Load(path);
    }

    // Said at start-up: a key beside the database lets whoever can rewrite the log sign it anew.
    public static string? PlacementWarning(string keyFile, string dataDirectory)
    {
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(keyFile).StartsWith(data, StringComparison.Ordinal)
            ? $"The signing key {keyFile} lies in the data directory {dataDirectory}: whoever can edit the database can also " +
              "sign a forged log. Set Assessment:SigningKeyPath to a file outside it (see README, production set-up)."
            : null;
    }

    public static SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static bool Verify(string publicKeyPem, ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature)
    {
        using var key = ImportPublic(publicKeyPem);
        return key is not null
            && key.VerifyData(data, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    // Null when the PEM is not a P-256 public key: a verifier must not trust any other curve.
    public static string? KeyIdOf(string publicKeyPem)
    {
        using var key = ImportPublic(publicKeyPem);
        return key is null ? null : KeyIdOf(key);
    }

    public void Dispose() => _key.Dispose();

    private static string KeyIdOf(ECDsa key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    private static ECDsa? ImportPublic(string publicKeyPem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
            if (key.KeySize == 256) return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // Falls through: a malformed key verifies nothing.
        }
        key.Dispose();
        return null;
    }

    private static SigningKey Load(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path} does not hold an EC private key in PEM form: {e.Message}", e);
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path} holds a {key.KeySize}-bit EC key; a P-256 key is required");
        }
        return new SigningKey(key);
    }

    // Written to a private temporary file and then moved into place, so a crash never leaves a
    // half-written key and two servers starting at once end up with the same key.
    private static void TryCreate(string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var writer = new StreamWriter(File.Open(temp, options)))
            {
                writer.Write(key.ExportPkcs8PrivateKeyPem());
            }
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the key first; theirs is the one to use.
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

internal sealed record PublicKeyInfo(string KeyId, string Algorithm, string PublicKeyPem);
