using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Assessment.Core.Workflow;

// One table row as plain cell text; Line is 1-based, the line errors about the row name.
internal sealed record TableRowText(int Line, IReadOnlyList<string> Cells)
{
    public string Cell(int column) => column < Cells.Count ? Cells[column] : "";
}

internal sealed record SectionTable(string Section, TableRowText Header, IReadOnlyList<TableRowText> Rows);

// The document reduced to what the engine reads: the H1 title and the first table of each
// H2 section. Everything else is prose for people.
internal sealed record WorkflowTables(string? Title, IReadOnlyDictionary<string, SectionTable> Sections)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    // The sections whose tables the loader reads; the rest may repeat and hold anything.
    private static readonly HashSet<string> RuledSections = new(StringComparer.OrdinalIgnoreCase)
    {
        "Roles", "States", "Actions", "Requests", "Counts", "Deadline", "Rebase", "Signatures",
    };

    public SectionTable? Find(string section) => Sections.GetValueOrDefault(section);

    public static WorkflowTables Read(string markdown, string filePath)
    {
        // Fully qualified: Assessment.Core.Markdown is a namespace and would win the lookup.
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        string? title = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sections = new Dictionary<string, SectionTable>(StringComparer.OrdinalIgnoreCase);
        string? current = null;

        foreach (var block in document)
        {
            if (block is HeadingBlock { Level: 1 } h1)
            {
                title ??= InlineText(h1.Inline);
                current = null;
            }
            else if (block is HeadingBlock { Level: 2 } h2)
            {
                current = InlineText(h2.Inline);
                // Two States sections would leave the reader guessing which one rules.
                if (!seen.Add(current) && RuledSections.Contains(current))
                    throw new WorkflowException(filePath, h2.Line + 1, $"section '{current}' appears twice");
            }
            else if (block is Table table && current is not null && !sections.ContainsKey(current))
            {
                sections[current] = ToSection(current, table, filePath);
            }
        }

        return new WorkflowTables(title, sections);
    }

    private static SectionTable ToSection(string section, Table table, string filePath)
    {
        var rows = table.OfType<TableRow>().ToList();
        if (rows.Count == 0 || !rows[0].IsHeader)
            throw new WorkflowException(filePath, table.Line + 1, $"table of section '{section}' has no header row");
        return new SectionTable(section, ToRow(rows[0]), rows.Skip(1).Select(ToRow).ToList());
    }

    private static TableRowText ToRow(TableRow row) =>
        new(row.Line + 1, row.OfType<TableCell>().Select(CellText).ToList());

    private static string CellText(TableCell cell)
    {
        var text = new StringBuilder();
        foreach (var paragraph in cell.Descendants<LeafBlock>())
            text.Append(InlineText(paragraph.Inline));
        return text.ToString().Trim();
    }

    // The literal text of the inlines: backticks and emphasis marks are formatting, not names.
    private static string InlineText(ContainerInline? container)
    {
        if (container is null)
            return "";
        var text = new StringBuilder();
        foreach (var inline in container.Descendants<Inline>())
        {
            _ = inline switch
            {
                LiteralInline literal => text.Append(literal.Content.ToString()),
                CodeInline code => text.Append(code.Content),
                HtmlEntityInline entity => text.Append(entity.Transcoded.ToString()),
                LineBreakInline => text.Append(' '),
                _ => text,
            };
        }
        return text.ToString().Trim();
    }
}
