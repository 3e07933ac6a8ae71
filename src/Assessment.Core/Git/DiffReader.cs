using System.Globalization;
using LibGit2Sharp;

namespace Assessment.Core.Git;

// Public: the pages (Razor components, which are public) take these as parameters.
// The diff a reviewer reads, per file with its lines. A file too large to read in a page, or
// binary, is summarised (its counts, no lines) so that one huge file cannot swamp the answer.
internal static class DiffReader
{
    public const int MaxLinesPerFile = 2_000;
    public const int MaxBytesPerFile = 256 * 1024;

    public static DiffView Read(GitRepo git, string from, string to)
    {
        var changes = git.Repository.Diff.Compare<LibGit2Sharp.Patch>(
            GitReader.CommitOf(git, from).Tree, GitReader.CommitOf(git, to).Tree,
            new LibGit2Sharp.CompareOptions { ContextLines = 3, Similarity = SimilarityOptions.Renames });
        var files = changes.Select(File).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        return new DiffView(from, to, files);
    }

    private static DiffFile File(PatchEntryChanges change)
    {
        var status = change.Status.ToString().ToLowerInvariant();
        var oldPath = change.Status == ChangeKind.Renamed ? change.OldPath : null;
        var tooLarge = change.Patch.Length > MaxBytesPerFile || change.LinesAdded + change.LinesDeleted > MaxLinesPerFile;
        var hunks = change.IsBinaryComparison || tooLarge ? [] : Hunks(change.Patch);
        return new DiffFile(change.Path, oldPath, status, change.LinesAdded, change.LinesDeleted, change.IsBinaryComparison,
            tooLarge && !change.IsBinaryComparison, hunks);
    }

    // Parses git's unified diff of one file: "@@ -a,b +c,d @@" headers, then ' ', '+', '-' lines.
    private static IReadOnlyList<DiffHunk> Hunks(string patch)
    {
        var hunks = new List<DiffHunk>();
        List<DiffLine>? lines = null;
        int oldLine = 0, newLine = 0;
        foreach (var raw in patch.Split('\n'))
        {
            if (raw.StartsWith("@@", StringComparison.Ordinal))
            {
                (oldLine, newLine) = Starts(raw);
                lines = [];
                hunks.Add(new DiffHunk(raw, lines));
                continue;
            }
            if (lines is null || raw.Length == 0)
                continue;
            var text = raw[1..];
            switch (raw[0])
            {
                case '+': lines.Add(new DiffLine(DiffLine.Add, null, newLine++, text)); break;
                case '-': lines.Add(new DiffLine(DiffLine.Delete, oldLine++, null, text)); break;
                case ' ': lines.Add(new DiffLine(DiffLine.Context, oldLine++, newLine++, text)); break;
                default: break; // "\ No newline at end of file"
            }
        }
        return hunks;
    }

    private static (int Old, int New) Starts(string header)
    {
        // "@@ -12,7 +12,8 @@ optional section"
        var parts = header.Split(' ');
        return (Start(parts[1]), Start(parts[2]));
    }

    private static int Start(string range) =>
        int.Parse(range[1..].Split(',')[0], NumberStyles.None, CultureInfo.InvariantCulture);
}

public sealed record DiffView(string From, string To, IReadOnlyList<DiffFile> Files);

public sealed record DiffFile(
    string Path, string? OldPath, string Status, int Additions, int Deletions, bool Binary, bool Truncated, IReadOnlyList<DiffHunk> Hunks);

public sealed record DiffHunk(string Header, IReadOnlyList<DiffLine> Lines);

public sealed record DiffLine(string Kind, int? Old, int? New, string Text)
{
    public const string Add = "add";
    public const string Delete = "del";
    public const string Context = "ctx";
}
