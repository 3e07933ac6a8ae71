using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assessment.Core.Evidence;

// How signed documents are written, as docs/evidence-format.md describes: characters are
// escaped only where JSON requires it (so "application/vnd.in-toto+json" reads as written),
// and every time is RFC 3339 UTC with a "Z", as in-toto asks.
internal static class EvidenceJson
{
    public static readonly JsonSerializerOptions Options = Create(JsonNamingPolicy.CamelCase);

    // Strict reading: a missing or null member is an error, not a default.
    public static readonly JsonSerializerOptions Strict = Create(null);

    public static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static JsonSerializerOptions Create(JsonNamingPolicy? naming) => new()
    {
        PropertyNamingPolicy = naming,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new UtcTimeConverter() },
    };
}

internal sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(EvidenceJson.Time(value));
    }
}
