using System.Text.Json;

namespace Assessment.Cli.Tests;

// Reading what assess printed with --json, and building test commits.
internal static class JsonOutput
{
    public static JsonElement Parse(CliResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.Stdout);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not JSON ({e.Message}); {result}");
        }
    }

    public static string Str(this JsonElement e, string name) =>
        e.GetProperty(name).GetString() ?? throw new InvalidOperationException($"'{name}' is null in {e}");

    public static int Int(this JsonElement e, string name) => e.GetProperty(name).GetInt32();

    public static bool Bool(this JsonElement e, string name) => e.GetProperty(name).GetBoolean();

    public static JsonElement[] Items(this JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray()];

    public static Dictionary<string, string?> Files(params (string Path, string? Content)[] files) =>
        files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
}
