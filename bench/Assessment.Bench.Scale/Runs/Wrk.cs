using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Assessment.Bench.Scale.Runs;

// One wrk run (Debian's wrk, a second process): requests/s, p50 and p99, and the answers that
// were not 2xx/3xx, which make a figure invalid.
internal sealed record WrkResult(double Rps, double P50Ms, double P99Ms, long Requests, long Errors, double HostCpuMs);

internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(HostProcess host, string luaScript, int connections, int seconds, CancellationToken ct)
    {
        var script = Path.Combine(Path.GetTempPath(), $"assessment-bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, luaScript, ct);
        try
        {
            var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-t", Math.Min(connections, 2).ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                         "-d", $"{seconds}s", "--timeout", "10s", "--latency", "-s", script, host.Url.ToString().TrimEnd('/') })
                info.ArgumentList.Add(a);
            var cpu = host.CpuMilliseconds;
            using var wrk = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
            var output = await wrk.StandardOutput.ReadToEndAsync(ct);
            await wrk.WaitForExitAsync(ct);
            var hostCpu = host.CpuMilliseconds - cpu;
            var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var errors = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            errors += SocketErrors().Matches(output).Sum(x => long.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture));
            return new WrkResult(
                double.Parse(Rps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
                Percentile(output, "50%"), Percentile(output, "99%"), requests, errors, requests > 0 ? hostCpu / requests : 0);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static double Percentile(string output, string which)
    {
        var m = Regex.Match(output, $@"^\s*{Regex.Escape(which)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success) throw new InvalidOperationException($"wrk printed no {which} latency:\n{output}");
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rps();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();

    // A Lua script for wrk: each request `method path` where path is a Lua expression evaluated
    // per request (after `prelude`), with one of the tokens at random; each thread its own seed.
    public static string Script(string method, string prelude, string path, IReadOnlyList<string> tokens, string? body)
    {
        var tokenList = string.Join(",", tokens.Select(t => "\"" + t + "\""));
        var bodyText = body is null ? "nil" : "[[" + body + "]]";
        return $$"""
            {{prelude}}
            local tokens = { {{tokenList}} }
            local body = {{bodyText}}
            local threads = 0
            function setup(thread)
              threads = threads + 1
              thread:set("seed", threads)
            end
            function init(args)
              math.randomseed(os.time() * 100 + seed)
            end
            request = function()
              local headers = { ["Content-Type"] = "application/json" }
              if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] end
              return wrk.format("{{method}}", {{path}}, headers, body)
            end
            """;
    }
}
