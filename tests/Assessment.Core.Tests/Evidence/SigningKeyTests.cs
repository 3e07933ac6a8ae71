using System.Security.Cryptography;
using System.Text;
using Assessment.Core.Evidence;
using Assessment.TestSupport;

namespace Assessment.Core.Tests.Evidence;

public sealed class SigningKeyTests : IDisposable
{
    private readonly string _dataDir = TempGitRepo.NewTempFolder("data");

    public void Dispose() => TempGitRepo.DeleteFolder(_dataDir);

    [Fact]
    public void LoadOrCreate_keeps_the_key_across_restarts()
    {
        using var first = SigningKey.LoadOrCreate(_dataDir);
        using var second = SigningKey.LoadOrCreate(_dataDir);

        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Equal(first.PublicKeyPem, second.PublicKeyPem);
        Assert.True(File.Exists(Path.Combine(_dataDir, SigningKey.FileName)));
        Assert.Single(Directory.GetFiles(_dataDir));
    }

    [Fact]
    public void Key_file_is_private_pkcs8_and_the_id_is_the_hash_of_the_public_key()
    {
        using var key = SigningKey.LoadOrCreate(_dataDir);
        var path = Path.Combine(_dataDir, SigningKey.FileName);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        using var pub = ECDsa.Create();
        pub.ImportFromPem(key.PublicKeyPem);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pub.ExportSubjectPublicKeyInfo())), key.KeyId);
        Assert.Matches("^[0-9a-f]{64}$", key.KeyId);
        Assert.Equal(new PublicKeyInfo(key.KeyId, "ecdsa-p256-sha256", key.PublicKeyPem), key.Info);
    }

    [Fact]
    public void Signature_verifies_only_for_the_signed_data_and_key()
    {
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var data = Encoding.UTF8.GetBytes("exactly these bytes");
        var signature = key.Sign(data);

        Assert.True(SigningKey.Verify(key.PublicKeyPem, data, signature));
        Assert.False(SigningKey.Verify(key.PublicKeyPem, Encoding.UTF8.GetBytes("exactly these bytez"), signature));
        Assert.False(SigningKey.Verify(other.PublicKeyPem, data, signature));
        Assert.False(SigningKey.Verify("not a pem", data, signature));
        Assert.NotEqual(key.KeyId, other.KeyId);
    }

    [Fact]
    public void A_corrupt_key_file_is_reported_not_replaced()
    {
        var path = Path.Combine(_dataDir, SigningKey.FileName);
        File.WriteAllText(path, "garbage");

        var e = Assert.Throws<InvalidOperationException>(() => SigningKey.LoadOrCreate(_dataDir));
        Assert.Contains("does not hold an EC private key", e.Message, StringComparison.Ordinal);
        Assert.Equal("garbage", File.ReadAllText(path));
    }
}
