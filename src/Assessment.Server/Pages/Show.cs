using System.Globalization;

namespace Assessment.Server.Pages;

// How the pages write times and commits, the same everywhere.
internal static class Show
{
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    public static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays} d {age.Hours} h"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h"
        : $"{Math.Max(0, (int)age.TotalMinutes)} min";
}
