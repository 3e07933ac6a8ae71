using System.Globalization;

namespace Assessment.Cli;

// A verb's arguments: positionals, `--name value` / `--name=value` options and `--flag`s.
internal sealed class Arguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);
    private readonly List<string> positionals = [];

    public IReadOnlyList<string> Positionals => positionals;

    public static Arguments Parse(IReadOnlyList<string> tokens, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var result = new Arguments();
        var optionsEnded = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (optionsEnded || !token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                if (token == "--" && !optionsEnded)
                {
                    optionsEnded = true;
                    continue;
                }
                result.positionals.Add(token);
                continue;
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token[2..] : token[2..equals];
            if (flagOptions.Contains(name))
            {
                if (equals >= 0)
                    throw new UsageException($"--{name} takes no value");
                result.flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                string value;
                if (equals >= 0)
                    value = token[(equals + 1)..];
                else if (i + 1 < tokens.Count)
                    value = tokens[++i];
                else
                    throw new UsageException($"--{name} needs a value");
                if (!result.values.TryAdd(name, value))
                    throw new UsageException($"--{name} given more than once");
            }
            else
            {
                throw new UsageException($"unknown option --{name}");
            }
        }
        return result;
    }

    public bool Has(string flag) => flags.Contains(flag);

    public string? Value(string name) => values.GetValueOrDefault(name);

    public string Required(string name) =>
        Value(name) is { Length: > 0 } value ? value : throw new UsageException($"--{name} is required");

    // The verb takes exactly these positionals, in this order; returns them.
    public IReadOnlyList<string> ExpectPositionals(params string[] names)
    {
        if (positionals.Count < names.Length)
            throw new UsageException($"missing {names[positionals.Count]}");
        if (positionals.Count > names.Length)
            throw new UsageException($"unexpected argument '{positionals[names.Length]}'");
        return positionals;
    }

    // Patch ids are numbers; "#7" is accepted as people write it that way.
    public static long ParseId(string text, string what = "patch id")
    {
        var digits = text.StartsWith('#') ? text[1..] : text;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new UsageException($"{what} must be a positive number, not '{text}'");
    }

    // Exactly one of the given flags, e.g. --approve or --request-changes.
    public string OneOf(params string[] names)
    {
        var given = names.Where(flags.Contains).ToList();
        return given.Count == 1
            ? given[0]
            : throw new UsageException($"give exactly one of {string.Join(", ", names.Select(n => "--" + n))}");
    }
}
