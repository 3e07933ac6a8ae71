using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;

namespace Assessment.Cli.Verbs;

// What a verb does once its command line parsed: Cli runs it with the context (server, output
// streams, --json) and maps its exceptions to exit codes in one place.
internal sealed class VerbAction(Func<CliContext, ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken) =>
        run(context, parse, cancellationToken);

    // Cli invokes verbs itself (it needs the context); reaching this is a wiring mistake.
    public override Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("verbs are run by Cli.RunAsync");
}

// The building blocks every verb file uses, so options read and fail alike everywhere.
internal static class Verb
{
    public static Command Create(string name, string description, VerbAction action, params Symbol[] symbols)
    {
        var command = new Command(name, description.Trim());
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument: command.Arguments.Add(argument); break;
                case Option option: command.Options.Add(option); break;
                default: throw new ArgumentException($"cannot add {symbol.GetType().Name} to a verb", nameof(symbols));
            }
        }
        command.Action = action;
        return command;
    }

    // A verb's option that takes a value: `--name VALUE` or `--name=VALUE`.
    public static Option<string> Value(string name, string helpName, string description, bool required = false) =>
        new(name) { HelpName = helpName, Description = description, Required = required };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    // Patch ids are numbers; "#7" is accepted as people write it that way.
    public static Argument<long> PatchId(string description = "the patch's number (7 or #7)") =>
        new("ID") { Description = description, CustomParser = r => ParseId(r.Tokens[0].Value, "patch id", r) };

    public static Argument<string> Text(string name, string description) => new(name) { Description = description };

    public static long ParseId(string text, string what, System.CommandLine.Parsing.SymbolResult? result = null)
    {
        var digits = text.StartsWith('#') ? text[1..] : text;
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            return id;
        var message = $"{what} must be a positive number, not '{text}'";
        if (result is null)
            throw new UsageException(message);
        result.AddError(message);
        return 0;
    }

    // Exactly one of the given flags, e.g. --approve or --request-changes; returns the chosen name without dashes.
    public static string OneOf(ParseResult parse, params Option<bool>[] flags)
    {
        var given = flags.Where(f => parse.GetValue(f)).ToList();
        return given.Count == 1
            ? given[0].Name[2..]
            : throw new UsageException($"give exactly one of {string.Join(", ", flags.Select(f => f.Name))}");
    }

    // A required value that must also not be empty (`--title ""` is a mistake, not a title).
    public static string Required(ParseResult parse, Option<string> option) =>
        parse.GetValue(option) is { Length: > 0 } value ? value : throw new UsageException($"{option.Name} is required");
}
