using System.Net.Http.Headers;
using System.Text.Json;
using Assessment.Cli.Output;

namespace Assessment.Cli;

// Thin over HttpClient: sends JSON, returns the answer's bytes, turns problem+json into ApiException.
internal sealed class ApiClient
{
    private readonly HttpClient http;
    private readonly bool hasToken;

    public ApiClient(HttpClient http, Uri baseAddress, string? token)
    {
        this.http = http;
        // A trailing slash keeps a path prefix (https://host/assessment/) when relative paths are added.
        http.BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        hasToken = !string.IsNullOrEmpty(token);
        if (hasToken)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress => http.BaseAddress!;

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Relative(path)), cancellationToken);

    public Task<ApiResponse> PostAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        PostJsonBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(body, CliJson.Options), cancellationToken);

    public Task<ApiResponse> PutAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, Relative(path)) { Content = Json(JsonSerializer.SerializeToUtf8Bytes(body, CliJson.Options)) }, cancellationToken);

    public Task<ApiResponse> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, Relative(path)), cancellationToken);

    // A JSON document sent byte for byte (a signed hand-over must arrive as it was returned).
    public Task<ApiResponse> PostJsonBytesAsync(string path, byte[] json, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Relative(path)) { Content = Json(json) }, cancellationToken);

    // Buffered, so the request carries a Content-Length rather than a chunked body.
    private static ByteArrayContent Json(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    // Builds "path?a=1&b=2", leaving out parameters that were not given.
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}")
            .ToList();
        return given.Count == 0 ? path : $"{path}?{string.Join('&', given)}";
    }

    private static Uri Relative(string path) => new(path.TrimStart('/'), UriKind.Relative);

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
                return new ApiResponse(content, response.Content.Headers.ContentType?.MediaType, NextLink(response));
            throw Problem(response, content);
        }
    }

    // A list's next page: `Link: <...>; rel="next"`.
    private static string? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(l => l.Split(';', 2)).Where(p => p.Length == 2 && p[1].Contains("rel=\"next\"", StringComparison.Ordinal))
                .Select(p => p[0].Trim().TrimStart('<').TrimEnd('>')).FirstOrDefault()
            : null;

    // Every page of a list, following the next links.
    public async Task<List<JsonElement>> GetAllAsync(string path, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        for (string? next = path; next is not null;)
        {
            var page = await GetAsync(next, cancellationToken);
            items.AddRange(page.Json.List("patches"));
            next = page.Next;
        }
        return items;
    }

    private ApiException Problem(HttpResponseMessage response, byte[] content)
    {
        var status = (int)response.StatusCode;
        var message = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        JsonElement? body = null;
        try
        {
            using var problem = JsonDocument.Parse(content);
            var root = problem.RootElement;
            body = root.ValueKind == JsonValueKind.Object ? root.Clone() : null;
            message = root.Str("detail") is { Length: > 0 } detail ? detail
                : root.Str("title") is { Length: > 0 } title ? title
                : message;
        }
        catch (JsonException)
        {
            // Not problem+json (a proxy's error page, an empty 401): the status line will do.
        }
        return new ApiException(status, status == 401 && !hasToken ? $"{message} (no token: set ASSESS_TOKEN or pass --token)" : message, body);
    }
}
