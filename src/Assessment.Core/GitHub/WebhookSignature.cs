using System.Security.Cryptography;
using System.Text;

namespace Assessment.Core.GitHub;

// GitHub signs every webhook delivery: X-Hub-Signature-256 is "sha256=" and the hex HMAC-SHA256
// of the raw body under the shared secret. Compared in constant time, so that the answer's timing
// tells nothing about how much of a forged signature was right.
internal static class WebhookSignature
{
    private const string Prefix = "sha256=";

    public static bool IsValid(string? secret, string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(secret) || header is null || !header.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(Prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
