using System.CommandLine;

namespace Assessment.Cli;

// A verb's one-line usage, made from its definition: required options first, then the rest in brackets.
internal static class Synopsis
{
    public const string Root = "assess [--json] [--url URL] [--token TOKEN] VERB [ARGUMENTS]";

    public static IEnumerable<string> Of(Command command, CommandTree tree)
    {
        var path = PathTo(tree.Root, command) ?? [command.Name];
        if (command.Subcommands.Count > 0)
            return command.Subcommands.Select(c => Line([.. path, c.Name], c));
        return [Line(path, command)];
    }

    private static string Line(IReadOnlyList<string> path, Command command)
    {
        var words = new List<string>(path);
        words.AddRange(command.Arguments.Select(a => a.Name));
        var options = command.Options.Where(o => !o.Hidden && o.Name != "--help").ToList();
        words.AddRange(options.Where(o => o.Required).Select(Usage));
        words.AddRange(options.Where(o => !o.Required).Select(o => $"[{Usage(o)}]"));
        return string.Join(' ', words);
    }

    private static string Usage(Option option) =>
        option.ValueType == typeof(bool) ? option.Name : $"{option.Name} {option.HelpName ?? "VALUE"}";

    private static List<string>? PathTo(Command from, Command target)
    {
        foreach (var child in from.Subcommands)
        {
            if (child == target)
                return [child.Name];
            if (PathTo(child, target) is { } below)
                return [child.Name, .. below];
        }
        return null;
    }
}
