namespace Assessment.Server.Pages;

// One bar of a server-drawn chart: its value, the words beside it, an optional mark (a
// deadline) on the same scale, and whether it is past that mark.
public sealed record Bar(string Label, double Value, string Text, double? Mark = null, bool Alert = false);

// A horizontal bar chart as plain SVG: no script, nothing from outside, text a screen reader reads.
public sealed record Chart(string Id, string Title, string Description, IReadOnlyList<Bar> Bars)
{
    public const int Width = 760;
    public const int LabelWidth = 190;
    public const int BarArea = 300;
    public const int Row = 26;

    public int Height => Math.Max(1, Bars.Count) * Row + 8;

    public double Scale => Bars.Count == 0 ? 1 : Math.Max(1e-9, Bars.Max(b => Math.Max(b.Value, b.Mark ?? 0)));

    public double Length(double value) => Math.Round(BarArea * value / Scale, 1);
}
