using System.Security.Cryptography;
using System.Text;

namespace Assessment.Core.Users;

internal static class Tokens
{
    public static string New() => "asm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
