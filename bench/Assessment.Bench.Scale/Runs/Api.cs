using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Assessment.Bench.Scale.Runs;

// The set-up a benchmark needs, made through the public API as a person would.
internal sealed class Api(Uri url, string adminToken) : IDisposable
{
    // Long: GET /api/audit/verify walks a million events and matches every record against them
    // (over two minutes on a loaded 2-core machine).
    private readonly HttpClient http = new() { BaseAddress = url, Timeout = TimeSpan.FromMinutes(15) };

    public string AdminToken => adminToken;

    public async Task<string> UserAsync(string name, string role, CancellationToken ct) =>
        (await SendAsync(adminToken, HttpMethod.Post, "/api/users", new { name, roles = new[] { role }, motion = "m20100117.3", email = $"{name}@example.org" }, ct))
        .GetProperty("token").GetString()!;

    public Task RepositoryAsync(string name, string path, CancellationToken ct) =>
        SendAsync(adminToken, HttpMethod.Post, "/api/repositories", new { name, path, productionBranch = "release" }, ct);

    public async Task<int> SubmitAsync(string token, string title, string @base, string head, CancellationToken ct) =>
        (await SendAsync(token, HttpMethod.Post, "/api/patches", new { repository = "cacert-devel", title, description = "A change.", @base, head }, ct))
        .GetProperty("id").GetInt32();

    public Task<JsonElement> PostAsync(string token, string path, object body, CancellationToken ct) => SendAsync(token, HttpMethod.Post, path, body, ct);

    public Task<JsonElement> GetAsync(string token, string path, CancellationToken ct) => SendAsync(token, HttpMethod.Get, path, null, ct);

    // Wall time of one GET, the body read whole.
    public async Task<double> TimeGetAsync(string token, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        watch.Stop();
        response.EnsureSuccessStatusCode();
        return watch.Elapsed.TotalMilliseconds;
    }

    private async Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public void Dispose() => http.Dispose();
}
