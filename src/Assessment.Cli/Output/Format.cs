using System.Globalization;

namespace Assessment.Cli.Output;

internal static class Format
{
    public static string Sha(string? sha, int length = 12) =>
        sha is null ? "" : sha.Length > length ? sha[..length] : sha;

    // Timestamps in UTC, to the second; anything unparseable is shown as sent.
    public static string Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : value ?? "";

    public static string Count(int n, string noun) =>
        n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";
}
