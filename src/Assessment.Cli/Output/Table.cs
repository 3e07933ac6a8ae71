namespace Assessment.Cli.Output;

// Plain aligned columns, two spaces apart; the last column is not padded.
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public int Count => rows.Count;

    public void Add(params string?[] cells) => rows.Add([.. cells.Select(c => Clean(c ?? ""))]);

    public void Write(TextWriter writer, string indent = "", bool header = true)
    {
        var widths = headers.Select((h, i) => rows.Select(r => i < r.Length ? r[i].Length : 0).Append(header ? h.Length : 0).Max()).ToArray();
        if (header)
            WriteRow(writer, indent, headers, widths);
        foreach (var row in rows)
            WriteRow(writer, indent, row, widths);
    }

    private static void WriteRow(TextWriter writer, string indent, string[] cells, int[] widths)
    {
        var parts = widths.Select((w, i) => i == widths.Length - 1 ? Cell(cells, i) : Cell(cells, i).PadRight(w));
        writer.WriteLine(indent + string.Join("  ", parts).TrimEnd());
    }

    private static string Cell(string[] cells, int i) => i < cells.Length ? cells[i] : "";

    // One row per record even when a title holds a newline or a tab.
    private static string Clean(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\t', ' ');
}
