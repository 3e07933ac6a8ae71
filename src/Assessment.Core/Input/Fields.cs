using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Assessment.Core.Input;

// The checks every value from outside passes before anything is written: a refusal here is a
// 400 naming the field, never an exception after the commit. Single-line fields refuse every
// control and format character (NUL, newlines, bidirectional overrides, invisible ones); text
// fields keep tabs and line breaks but refuse the rest of those.
internal static partial class Fields
{
    public const int NameMax = 64, TitleMax = 200, MotionMax = 100, EmailMax = 254, RefMax = 256, PathMax = 4096;
    public const int LabelMax = 200, DescriptionMax = 65_536, CommentMax = 20_000;

    // \z, not $: $ also matches before a final newline, and "ass1\n" is not a name.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]{1,253}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    public static string Name(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) throw Refusal.Malformed($"{field}: required");
        if (!NamePattern().IsMatch(value))
        {
            throw Refusal.Malformed($"{field}: {Show(value)} is not a name: 1 to {NameMax} lower-case letters, digits, '.', '_' " +
                "or '-', starting with a letter or digit (pattern ^[a-z0-9][a-z0-9._-]{0,63}$, nothing after it)");
        }
        return value;
    }

    public static string Required(string? value, string field, int max) =>
        Line(value, field, max) ?? throw Refusal.Malformed($"{field}: required");

    // One line of text, trimmed; null when absent or blank.
    public static string? Line(string? value, string field, int max)
    {
        if (value is null) return null;
        Check(value, field, max, multiLine: false);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public static string RequiredText(string? value, string field, int max) =>
        Text(value, field, max) ?? throw Refusal.Malformed($"{field}: required");

    // Text that may span lines (descriptions, comments, reasons), trimmed; null when blank.
    public static string? Text(string? value, string field, int max)
    {
        if (value is null) return null;
        Check(value, field, max, multiLine: true);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public static string? Email(string? value, string field)
    {
        var email = Line(value, field, EmailMax);
        if (email is not null && !EmailPattern().IsMatch(email))
        {
            throw Refusal.Malformed($"{field}: {Show(email)} is not an e-mail address (local@domain)");
        }
        return email;
    }

    private static void Check(string value, string field, int max, bool multiLine)
    {
        if (value.Length > max) throw Refusal.Malformed($"{field}: at most {max} characters (got {value.Length})");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) throw Refusal.Malformed($"{field}: not valid text (an unpaired surrogate at {i})");
            if (multiLine && c is '\n' or '\r' or '\t') continue;
            if (Refused(c, multiLine))
            {
                throw Refusal.Malformed($"{field}: the character U+{(int)c:X4} at {i} is not allowed " +
                    (multiLine ? "(control characters and bidirectional overrides are refused)"
                               : "(one line of text: no control, bidirectional or invisible characters)"));
            }
        }
    }

    // Single-line: every control or format character. Text: controls and the bidirectional
    // embeddings, overrides and isolates (the characters that make text read other than it is).
    private static bool Refused(char c, bool multiLine)
    {
        var category = char.GetUnicodeCategory(c);
        if (category == UnicodeCategory.Control) return true;
        if (!multiLine) return category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
        return c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
    }

    // A value quoted in an error: short, with anything unprintable spelled out.
    public static string Show(string value, int max = 40)
    {
        var text = new StringBuilder("'");
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }
        return text.Append(value.Length > max ? "'…" : "'").ToString();
    }
}
