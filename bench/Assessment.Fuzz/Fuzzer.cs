using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Assessment.Fuzz;

internal sealed record FuzzReport(int Cases, int Endpoints, int Oversized, SortedDictionary<int, int> Statuses, List<string> Failures, bool LogVerifies, TimeSpan Took)
{
    public bool Failed => Failures.Count > 0 || !LogVerifies || Cases == 0;

    public string Markdown()
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"{Cases} cases over {Endpoints} endpoints in {Took.TotalSeconds:F0} s; audit log verifies: {(LogVerifies ? "yes" : "NO")}");
        b.AppendLine(CultureInfo.InvariantCulture, $"5xx answers: {Statuses.Where(s => s.Key >= 500).Sum(s => s.Value)} (599: no answer, the connection failed)");
        b.AppendLine(CultureInfo.InvariantCulture, $"bodies over the server's limit (sent after 100-continue): {Oversized}");
        b.AppendLine("| status | answers |\n|---|---|");
        foreach (var (status, count) in Statuses) b.AppendLine(CultureInfo.InvariantCulture, $"| {status} | {count} |");
        foreach (var failure in Failures.Take(20)) b.AppendLine("- " + failure);
        return b.ToString();
    }
}

internal static partial class Fuzzer
{
    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();

    public static async Task<FuzzReport> RunAsync(Target target, FuzzOptions options)
    {
        var random = new Random(options.Seed);
        var mutate = new Mutations(random, target.Commits);
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        // A body over the server's limit goes out behind "Expect: 100-continue", as curl sends
        // large bodies: the server may refuse such a request (401, 403, 413, ...) without reading
        // the body, and then closes the connection rather than drain more than its limit; a client
        // that is still sending meets a reset that can arrive before it has read the answer, and
        // the answer is lost. Waiting for the server's go-ahead (however busy it is) means the
        // body is sent only to a server that will read it, so every answer is seen.
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(60) })
        {
            BaseAddress = target.Server.Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var clock = Stopwatch.StartNew();
        var cases = 0;
        var oversized = 0;
        var callers = target.Tokens.Keys.Append("").Append("asm_wrong").ToList();
        while (cases < options.Cases && clock.Elapsed < TimeSpan.FromSeconds(options.Seconds))
        {
            var endpoint = target.Endpoints[cases % target.Endpoints.Count];
            var path = RouteValue().Replace(endpoint.Path, _ => mutate.Segment());
            var query = string.Join("&", endpoint.QueryNames.Concat(["x", "limit", "cursor"]).Where(_ => random.Next(2) == 0)
                .Select(q => $"{q}={Uri.EscapeDataString(Truncate(mutate.Text(), 500))}"));
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), query.Length > 0 ? $"{path}?{query}" : path);
            var caller = callers[random.Next(callers.Count)];
            if (caller.Length > 0) request.Headers.TryAddWithoutValidation("Authorization", Header("Bearer " + target.Tokens.GetValueOrDefault(caller, caller), 4000));
            if (random.Next(5) == 0) request.Headers.TryAddWithoutValidation("Authorization", Header(Truncate(mutate.Text(), 2000), 4000));
            if (random.Next(5) == 0) request.Headers.TryAddWithoutValidation("Cookie", Header("assessment_session=" + Truncate(mutate.Text(), 500), 4000));
            if (random.Next(5) == 0) request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", Header(Truncate(mutate.Text(), 50), 4000));
            if (random.Next(5) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", Header(Truncate(mutate.Text(), 300), 4000));
            if (random.Next(6) == 0) request.Headers.TryAddWithoutValidation("Accept", Header(Truncate(mutate.Text(), 100), 4000));
            if (endpoint.Method is "POST" or "PUT" or "PATCH" || random.Next(8) == 0) request.Content = mutate.Body();
            if (request.Content?.Headers.ContentLength > ServerBodyLimit)
            {
                request.Headers.ExpectContinue = true;
                oversized++;
            }
            int status;
            try
            {
                using var response = await client.SendAsync(request);
                status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add($"{endpoint.Method} {Truncate(request.RequestUri!.ToString(), 200)} as {caller}: {status} {Truncate(await response.Content.ReadAsStringAsync(), 300)}");
                }
            }
            catch (HttpRequestException e)
            {
                status = 599;
                failures.Add($"{endpoint.Method} {Truncate(request.RequestUri!.ToString(), 200)} as {caller}, body of {request.Content?.Headers.ContentLength ?? 0} bytes: " +
                    $"connection failed: {e.Message} {e.InnerException?.Message}");
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            cases++;
        }
        using var auditor = new HttpClient { BaseAddress = target.Server.Address };
        auditor.DefaultRequestHeaders.Authorization = new("Bearer", target.VerifierToken);
        var verify = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        return new FuzzReport(cases, target.Endpoints.Count, oversized, statuses, failures, verify.GetProperty("ok").GetBoolean(), clock.Elapsed);
    }

    // Kestrel's MaxRequestBodySize as the server sets it (Hosting.cs).
    private const long ServerBodyLimit = 1_048_576;

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;

    // A header value HTTP can carry (the client refuses line breaks and non-ASCII before sending).
    private static string Header(string text, int max) => new(Truncate(text, max).Where(c => c is >= ' ' and <= '~').ToArray());
}
