namespace Assessment.Cli.Output;

// Plain aligned columns, two spaces apart; the last column is not padded. Wider than the
// terminal, the widest columns give way first and lose their ends to an ellipsis.
internal sealed class Table(params string[] headers)
{
    private const int Narrowest = 8;
    private readonly List<string[]> rows = [];

    public int Count => rows.Count;

    public void Add(params string?[] cells) => rows.Add([.. cells.Select(c => Clean(c ?? ""))]);

    public void Write(TextWriter writer, string indent = "", bool header = true, int width = TerminalWidth.Unlimited)
    {
        var widths = headers.Select((h, i) => rows.Select(r => i < r.Length ? r[i].Length : 0).Append(header ? h.Length : 0).Max()).ToArray();
        Fit(widths, width - indent.Length - 2 * (widths.Length - 1));
        if (header)
            WriteRow(writer, indent, headers, widths, width);
        foreach (var row in rows)
            WriteRow(writer, indent, row, widths, width);
    }

    // Narrows the widest column one character at a time until the row fits, never below Narrowest.
    private static void Fit(int[] widths, int room)
    {
        if (widths.Length == 0)
            return;
        while (widths.Sum() > room)
        {
            var widest = Array.IndexOf(widths, widths.Max());
            if (widths[widest] <= Narrowest)
                return;
            widths[widest]--;
        }
    }

    // Columns that cannot narrow further (a terminal narrower than all of them at their
    // narrowest) lose the end of the line instead, so no line ever wraps.
    private static void WriteRow(TextWriter writer, string indent, string[] cells, int[] widths, int width)
    {
        var parts = widths.Select((w, i) => i == widths.Length - 1 ? Cut(Cell(cells, i), w) : Cut(Cell(cells, i), w).PadRight(w));
        writer.WriteLine(Cut(indent + string.Join("  ", parts).TrimEnd(), width));
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..Math.Max(0, width - 1)] + "…";

    private static string Cell(string[] cells, int i) => i < cells.Length ? cells[i] : "";

    // One row per record even when a title holds a newline or a tab.
    private static string Clean(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\t', ' ');
}
