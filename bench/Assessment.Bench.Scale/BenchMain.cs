using System.Globalization;
using Assessment.Bench.Scale.Host;
using Assessment.Bench.Scale.Runs;

namespace Assessment.Bench.Scale;

internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "host") return BenchHost.Run(args[1..]);
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(90));
        var ct = cancel.Token;
        Directory.CreateDirectory(options.Cache);
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Scale benchmark results, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/Assessment.Bench.Scale -- {string.Join(' ', args.Select(a => a.Contains('=', StringComparison.Ordinal) ? "CONNECTION" : a))}`");
        text.AppendLine();
        text.AppendLine("Machine: " + Machine.Describe() + ".");
        text.AppendLine();
        if (options.Mode is "writes" or "all") text.Append(await WriteBench.RunAsync(options, null, ct));
        if (options.Mode is "reads" or "all") text.Append(await ReadBench.RunAsync(options, ct));
        if ((options.Mode is "postgres" || (options.Mode is "all" && options.Postgres is not null)) && options.Postgres is { } pg)
            text.Append(await WriteBench.RunAsync(options, pg, ct));
        var markdown = text.ToString();
        Console.WriteLine(markdown);
        var results = Path.Combine(options.RepoRoot, "bench", "results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, $"scale-{options.Mode}.md"), markdown, ct);
        return 0;
    }
}
