namespace Assessment.Cli;

// Options every verb accepts, wherever they appear on the line (before a `--`). Given the
// verb's own value options, the word after one of them is its value, never a global option:
// `--comment --json` comments "--json".
internal sealed record GlobalOptions(bool Json, bool Help, string? Url, string? Token, IReadOnlyList<string> Rest)
{
    public static GlobalOptions Extract(IReadOnlyList<string> args, IReadOnlyCollection<string>? verbValues = null)
    {
        bool json = false, help = false;
        string? url = null, token = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                rest.AddRange(args.Skip(i));
                break;
            }
            if (verbValues is not null && arg.StartsWith("--", StringComparison.Ordinal) && verbValues.Contains(arg[2..]) && i + 1 < args.Count)
            {
                rest.Add(arg);
                rest.Add(args[++i]);
            }
            else if (arg == "--json")
                json = true;
            else if (arg is "--help" or "-h")
                help = true;
            else if (TryValue(args, ref i, "--url", out var u))
                url = u;
            else if (TryValue(args, ref i, "--token", out var t))
                token = t;
            else
                rest.Add(arg);
        }
        return new GlobalOptions(json, help, url, token, rest);
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, string name, out string value)
    {
        var arg = args[i];
        if (arg.StartsWith(name + "=", StringComparison.Ordinal))
        {
            value = arg[(name.Length + 1)..];
            return true;
        }
        if (arg != name)
        {
            value = "";
            return false;
        }
        if (i + 1 >= args.Count)
            throw new UsageException($"{name} needs a value");
        value = args[++i];
        return true;
    }
}
