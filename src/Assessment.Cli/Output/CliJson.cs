using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assessment.Cli.Output;

// Reading the server's JSON leniently: the human views show what is there and skip what is not.
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    // Any scalar as text (numbers as written); objects and arrays as their JSON.
    public static string? Str(this JsonElement element, string name) => element.Prop(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } value => value.GetRawText(),
    };

    public static string? FirstStr(this JsonElement element, params string[] names) =>
        names.Select(name => element.Str(name)).FirstOrDefault(v => v is not null);

    public static bool Bool(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.True };

    public static long? Long(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var n) ? n
        : long.TryParse(element.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    // A list answer: a bare array, or an object wrapping one under the given name.
    public static IEnumerable<JsonElement> List(this JsonElement element, string wrapper) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : element.Items(wrapper);
}
