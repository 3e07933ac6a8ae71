using Assessment.Fuzz;

// Fuzzes every request handler of a real server on loopback: random and mutated JSON bodies,
// query strings, route values and headers, bounded in count and time. Exit 0 when no answer
// was a 5xx and the audit log still verifies; 1 otherwise.
var options = FuzzOptions.Parse(args);
await using var server = await ServerProcess.StartAsync(options);
var target = await Target.PrepareAsync(server);
var report = await Fuzzer.RunAsync(target, options);
Console.WriteLine(report.Markdown());
return report.Failed ? 1 : 0;
