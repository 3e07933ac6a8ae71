using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Assessment.Core.Data;

namespace Assessment.Core.Audit;

// The bytes an event's hash covers (docs/evidence-format.md, "Events"). Format 2 is the JSON
// Canonicalization Scheme (RFC 8785) of one object with fixed members, so any JCS library, or
// Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False), rebuilds it.
// Format 1 is the array the first versions hashed, kept so that their events still verify.
// One buffer is reused for every event: verification rebuilds the form without allocating.
internal sealed class CanonicalEvent : IDisposable
{
    // JCS escapes only the quote, the backslash and the control characters.
    private static readonly SearchValues<char> MustEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _legacy;

    public CanonicalEvent() => _legacy = new Utf8JsonWriter(_buffer);

    // The time of a format-2 event: UTC, RFC 3339, exactly three fractional digits.
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // Format-2 events are stamped to the millisecond, so their printed time is exact.
    public static DateTimeOffset Stamp(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static bool IsStamped(DateTimeOffset at) => at.UtcTicks % TimeSpan.TicksPerMillisecond == 0;

    public ReadOnlySpan<byte> Encode(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _buffer.ResetWrittenCount();
        switch (e.Format)
        {
            case AuditFormat.Jcs: Jcs(e); break;
            case AuditFormat.Legacy: Legacy(e); break;
            default: throw new InvalidOperationException($"event {e.Sequence} has unknown format {e.Format}");
        }
        return _buffer.WrittenSpan;
    }

    public void Hash(AuditEvent e, Span<byte> destination) => SHA256.HashData(Encode(e), destination);

    public void Dispose() => _legacy.Dispose();

    // Members in JCS order (sorted by UTF-16 code units).
    private void Jcs(AuditEvent e)
    {
        Raw("{\"actor\":"); String(e.Actor);
        Raw(",\"at\":"); TimeString(e.At);
        Raw(",\"commit\":"); StringOrNull(e.Commit);
        Raw(",\"data\":"); String(e.Data);
        Raw(",\"patch\":"); if (e.PatchId is { } id) Number(id); else Raw("null");
        Raw(",\"previousHash\":"); String(e.PreviousHash);
        Raw(",\"sequence\":"); Number(e.Sequence);
        Raw(",\"type\":"); String(e.Type);
        Raw(",\"v\":2,\"workflowHash\":"); StringOrNull(e.WorkflowHash);
        Raw("}");
    }

    // Format 1: a JSON array written by System.Text.Json's default (HTML-safe) escaping, the
    // time as .NET ticks (100 ns since 0001-01-01 UTC).
    private void Legacy(AuditEvent e)
    {
        _legacy.Reset(_buffer);
        _legacy.WriteStartArray();
        _legacy.WriteStringValue(e.PreviousHash);
        _legacy.WriteNumberValue(e.Sequence);
        _legacy.WriteNumberValue(e.At.UtcTicks);
        _legacy.WriteStringValue(e.Actor);
        _legacy.WriteStringValue(e.Type);
        if (e.PatchId is { } id) _legacy.WriteNumberValue(id); else _legacy.WriteNullValue();
        _legacy.WriteStringValue(e.Commit);
        _legacy.WriteStringValue(e.WorkflowHash);
        _legacy.WriteStringValue(e.Data);
        _legacy.WriteEndArray();
        _legacy.Flush();
    }

    private void Raw(string ascii)
    {
        var span = _buffer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++) span[i] = (byte)ascii[i];
        _buffer.Advance(ascii.Length);
    }

    private void Number(long n)
    {
        var span = _buffer.GetSpan(20);
        Utf8Formatter.TryFormat(n, span, out var written);
        _buffer.Advance(written);
    }

    // Time(at) written straight into the buffer: verification formats every event's time.
    private void TimeString(DateTimeOffset at)
    {
        var t = at.UtcDateTime;
        var span = _buffer.GetSpan(26);
        span[0] = (byte)'"';
        Digits(span.Slice(1, 4), t.Year);
        span[5] = (byte)'-';
        Digits(span.Slice(6, 2), t.Month);
        span[8] = (byte)'-';
        Digits(span.Slice(9, 2), t.Day);
        span[11] = (byte)'T';
        Digits(span.Slice(12, 2), t.Hour);
        span[14] = (byte)':';
        Digits(span.Slice(15, 2), t.Minute);
        span[17] = (byte)':';
        Digits(span.Slice(18, 2), t.Second);
        span[20] = (byte)'.';
        Digits(span.Slice(21, 3), t.Millisecond);
        span[24] = (byte)'Z';
        span[25] = (byte)'"';
        _buffer.Advance(26);
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private void StringOrNull(string? s)
    {
        if (s is null) Raw("null"); else String(s);
    }

    private void String(string s)
    {
        Raw("\"");
        var rest = s.AsSpan();
        while (!rest.IsEmpty)
        {
            var i = rest.IndexOfAny(MustEscape);
            var plain = i < 0 ? rest : rest[..i];
            if (!plain.IsEmpty)
            {
                var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(plain.Length));
                _buffer.Advance(Encoding.UTF8.GetBytes(plain, span));
            }
            if (i < 0) break;
            Escape(rest[i]);
            rest = rest[(i + 1)..];
        }
        Raw("\"");
    }

    private void Escape(char c)
    {
        switch (c)
        {
            case '"': Raw("\\\""); break;
            case '\\': Raw("\\\\"); break;
            case '\b': Raw("\\b"); break;
            case '\f': Raw("\\f"); break;
            case '\n': Raw("\\n"); break;
            case '\r': Raw("\\r"); break;
            case '\t': Raw("\\t"); break;
            default: Raw(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}")); break;
        }
    }
}
