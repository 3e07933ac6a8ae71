using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assessment.Fuzz;

// Hostile values: the strings and shapes that broke servers before, and random ones.
internal sealed class Mutations(Random random, IReadOnlyList<string> commits)
{
    private static readonly string[] Strings =
    [
        "", " ", "a", "ass1\n", "\u0000", "x\u0000y", "\u202Eevil", "\u200B", "é", "../../etc/passwd", "/tmp/x\u0000", "'; DROP TABLE Users; --",
        "<script>alert(1)</script>", "<javascript:alert(1)>", "%00", "%0a", "\r\nX-Injected: 1", "9999-12-31", "0001-01-01",
        "-1", "2147483648", "99999999999999999999", "NaN", "true", "null", "{}", "[]", "\ud83d\ude00", "HEAD", "release", "main~99",
        "approve", "request-changes", "pass", "fail", "test", "production", "admin", "alice", "cacert-devel", "regular", "emergency",
    ];

    private static readonly string[] Fields =
    [
        "name", "roles", "motion", "email", "emails", "path", "productionBranch", "baseline", "repository", "title", "description",
        "base", "head", "bug", "follows", "commit", "reason", "arbitration", "verdict", "comment", "result", "environment", "witness",
        "expiresInDays", "certificate", "body", "line", "inReplyTo", "ref", "old", "new", "commits", "signature", "publicKey",
    ];

    public string Text()
    {
        return random.Next(6) switch
        {
            0 => new string('x', random.Next(1, 4) switch { 1 => 201, 2 => 70_000, _ => 300_000 }),
            1 => commits[random.Next(commits.Count)],
            2 => RandomUnicode(random.Next(1, 40)),
            _ => Strings[random.Next(Strings.Length)],
        };
    }

    public JsonNode? Value(int depth = 0) => random.Next(depth > 2 ? 5 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(-5, 5) * (long)Math.Pow(10, random.Next(0, 19))),
        3 => JsonValue.Create(random.NextDouble() * 1e308),
        4 => JsonValue.Create(Text()),
        5 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => Value(depth + 1)).ToArray()),
        _ => Object(depth + 1),
    };

    public JsonObject Object(int depth = 0)
    {
        var o = new JsonObject();
        foreach (var field in Fields.OrderBy(_ => random.Next()).Take(random.Next(1, 9))) o[field] = Value(depth);
        return o;
    }

    // A body: random JSON, a plausible body with some fields spoiled, or bytes that are not JSON.
    public HttpContent Body()
    {
        var text = random.Next(10) switch
        {
            0 => RandomUnicode(random.Next(0, 200)),
            1 => "{\"title\":" + new string('[', random.Next(1, 200)),
            2 => Cut(Object().ToJsonString()),
            3 => JsonSerializer.Serialize(Value()),
            _ => Object().ToJsonString(),
        };
        var contentType = random.Next(8) switch { 0 => "text/plain", 1 => "application/x-www-form-urlencoded", 2 => "application/json; charset=latin1", _ => "application/json" };
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private string Cut(string json) => json[..Math.Min(json.Length, random.Next(1, 20))];

    public string Segment() => random.Next(4) switch
    {
        0 => random.Next(-3, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => "alice",
        2 => "cacert-devel",
        _ => Escaped(Text()),
    };

    // One text, cut and escaped (each call of Text() gives another).
    private static string Escaped(string text) => Uri.EscapeDataString(text.Length > 300 ? text[..300] : text);

    private string RandomUnicode(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++) builder.Append((char)(random.Next(3) == 0 ? random.Next(0, 0x80) : random.Next(0, 0xFFFF)));
        return builder.ToString();
    }
}
