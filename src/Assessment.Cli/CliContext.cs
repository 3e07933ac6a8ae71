namespace Assessment.Cli;

// What a verb gets to work with: the server, the two output streams, and whether to print JSON.
internal sealed class CliContext(ApiClient api, TextWriter output, TextWriter error, bool json)
{
    public ApiClient Api { get; } = api;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool Json { get; } = json;

    // Local refs (branch names, HEAD~2) are resolved in the checkout the command runs in.
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    // How wide tables may be: the terminal's width, $COLUMNS, or unlimited when output goes to a file or pipe.
    public int Width { get; init; } = Output.TerminalWidth.Current();

    // A remark for the person (which commit was reviewed); kept off stdout when stdout is JSON.
    public void Note(string text) => (Json ? Error : Out).WriteLine(text);

    // The server's answer exactly as sent, for --json.
    public void WriteRaw(ApiResponse response)
    {
        var text = response.Text;
        Out.Write(text);
        if (!text.EndsWith('\n'))
            Out.WriteLine();
    }
}
