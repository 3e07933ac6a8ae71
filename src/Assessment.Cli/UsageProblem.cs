using System.CommandLine;
using System.CommandLine.Help;

namespace Assessment.Cli;

// What is wrong with a command line that did not parse, said in the project's words: the
// missing option by name, an unknown verb or option with the nearest ones offered.
internal static class UsageProblem
{
    public static string? Find(ParseResult parse, CommandTree tree)
    {
        if (parse.Errors.Count == 0 || parse.Action is HelpAction)
            return null;
        var command = parse.CommandResult.Command;
        if (parse.UnmatchedTokens.Count > 0)
            return Unmatched(parse.UnmatchedTokens[0], command, tree);
        var missing = command.Options.FirstOrDefault(o => o.Required && parse.GetResult(o) is null or { Implicit: true } or { IdentifierToken: null });
        return missing is not null ? $"{missing.Name} is required" : parse.Errors[0].Message;
    }

    private static string Unmatched(string token, Command command, CommandTree tree)
    {
        if (token.StartsWith('-'))
        {
            var name = token.Split('=', 2)[0];
            var options = command.Options.Concat(tree.Root.Options.Where(o => o.Recursive)).Where(o => !o.Hidden).Select(o => o.Name);
            return $"unknown option {name}" + DidYouMean(name, options);
        }
        if (command.Subcommands.Count > 0 && command.Arguments.Count == 0)
        {
            var verb = command == tree.Root ? token : $"{command.Name} {token}";
            var expected = command == tree.Root ? "" : $" (expected one of: {string.Join(", ", command.Subcommands.Select(c => c.Name))})";
            return $"unknown verb '{verb}'{expected}" + DidYouMean(token, command.Subcommands.Select(c => c.Name));
        }
        return $"unexpected argument '{token}'";
    }

    // Close enough to be a slip of the finger: at most a third of the word differs.
    private static string DidYouMean(string typed, IEnumerable<string> names)
    {
        var word = typed.TrimStart('-');
        var near = names
            .Select(n => (Name: n, Distance: Distance(word, n.TrimStart('-'))))
            .Where(c => c.Distance <= Math.Max(1, word.Length / 3) || c.Name.TrimStart('-').StartsWith(word, StringComparison.Ordinal))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .Take(3)
            .ToList();
        return near.Count == 0 ? "" : $"; did you mean {string.Join(" or ", near)}?";
    }

    // Levenshtein distance, one row at a time.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
