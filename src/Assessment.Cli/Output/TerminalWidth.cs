using System.Globalization;

namespace Assessment.Cli.Output;

// Tables are cut to the terminal; printed to a file or a pipe they keep every character,
// since a script reading them must not lose the end of a title.
internal static class TerminalWidth
{
    public const int Unlimited = int.MaxValue;

    public static int Current()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0)
            return columns;
        if (Console.IsOutputRedirected)
            return Unlimited;
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : Unlimited;
        }
        catch (IOException)
        {
            return Unlimited;
        }
    }
}
