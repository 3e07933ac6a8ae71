using System.Text.Json;

namespace Assessment.Server.Tests;

// Short reads of the API's JSON answers.
internal static class Json
{
    public static string Str(this JsonElement e, string name) =>
        e.GetProperty(name).GetString() ?? throw new InvalidOperationException($"'{name}' is null in {e}");

    public static int Int(this JsonElement e, string name) => e.GetProperty(name).GetInt32();

    public static bool Bool(this JsonElement e, string name) => e.GetProperty(name).GetBoolean();

    public static JsonElement[] Items(this JsonElement e, string name) => e.GetProperty(name).EnumerateArray().ToArray();

    public static string[] Strings(this JsonElement e, string name) => e.Items(name).Select(x => x.GetString()!).ToArray();

    public static string[] Strings(this IEnumerable<JsonElement> items, string name) => items.Select(x => x.Str(name)).ToArray();

    // One of the patch's counts ("approvals", "passes"): {name, have, need, people}.
    public static JsonElement Count(this JsonElement patch, string name) =>
        patch.Items("counts").Single(c => c.Str("name") == name);

    public static int Have(this JsonElement patch, string count) => patch.Count(count).Int("have");
}
