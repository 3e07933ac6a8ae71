using Assessment.Bench;
using Assessment.Bench.Audit;
using Assessment.Bench.Drift;

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
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(15));
var loadBefore = Machine.LoadAverage();
var table = new ResultTable();
if (options.Verify) await VerifyBench.RunAsync(options, table, cancel.Token);
if (options.Drift) await DriftBench.RunAsync(options, table, cancel.Token);

var markdown = table.Render(await Machine.DescribeAsync(options, loadBefore, cancel.Token));
Console.WriteLine(markdown);
var results = Path.Combine(options.BenchDirectory, "results");
Directory.CreateDirectory(results);
await File.WriteAllTextAsync(Path.Combine(results, "latest.md"), markdown, cancel.Token);
Console.Error.WriteLine($"written to {Path.Combine(results, "latest.md")}");
return 0;
