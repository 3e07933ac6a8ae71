using System.Security.Cryptography;
using System.Text;

namespace Assessment.Core.Users;

internal static class Tokens
{
    // 256 random bits; the prefix lets secret scanners recognise a leaked token.
    public static string New() => "asm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
