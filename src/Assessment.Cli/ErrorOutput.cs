using System.CommandLine;
using System.Text.Json;
using Assessment.Cli.Output;

namespace Assessment.Cli;

// How assess fails: the reason on stderr always; with --json, stdout also carries a problem
// object (the server's own, when it sent one), so that a script's JSON parse never meets nothing.
internal sealed class ErrorOutput(TextWriter stdout, TextWriter stderr, bool json)
{
    public bool Json { get; } = json;

    public int Usage(string message, Command command, CommandTree tree)
    {
        stderr.WriteLine($"assess: {message}");
        if (command == tree.Root)
        {
            stderr.WriteLine($"usage: {Synopsis.Root}");
            stderr.WriteLine("Run 'assess --help' for the verbs, 'assess help VERB' for one verb.");
        }
        else
        {
            foreach (var line in Synopsis.Of(command, tree))
                stderr.WriteLine($"usage: assess {line}");
        }
        WriteProblem(new LocalProblem("Usage error", message, ExitCodes.Usage, Status: null));
        return ExitCodes.Usage;
    }

    public int Failed(string message, int? status = null, JsonElement? serverProblem = null)
    {
        stderr.WriteLine($"error: {message}");
        if (Json && serverProblem is { ValueKind: JsonValueKind.Object } problem)
            stdout.WriteLine(problem.GetRawText());
        else
            WriteProblem(new LocalProblem("Failed", message, ExitCodes.Failed, status is > 0 ? status : null));
        return ExitCodes.Failed;
    }

    private void WriteProblem(LocalProblem problem)
    {
        if (Json)
            stdout.WriteLine(JsonSerializer.Serialize(problem, CliJson.Options));
    }

    // RFC 9457's members, plus the exit code the command ends with.
    private sealed record LocalProblem(string Title, string Detail, int ExitCode, int? Status);
}
