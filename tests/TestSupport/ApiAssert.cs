using System.Net;
using System.Text.Json;

namespace Assessment.TestSupport;

// Reads an API answer, failing with the body when the status is not the expected one.
internal static class ApiAssert
{
    public static async Task<JsonElement> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: " +
            $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (body.Length == 0) return default;
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    // A refusal as API.md shapes it: application/problem+json with status, title and a detail
    // that mentions every fragment (case-insensitive). Returns the detail.
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, params string[] detailMentions)
    {
        ArgumentNullException.ThrowIfNull(detailMentions);
        var problem = await StatusAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.TryGetProperty("title", out var t) ? t.GetString() : null), $"no title: {problem}");
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        Assert.False(string.IsNullOrWhiteSpace(detail), $"no detail: {problem}");
        foreach (var fragment in detailMentions)
        {
            Assert.True(detail!.Contains(fragment, StringComparison.OrdinalIgnoreCase), $"detail \"{detail}\" does not mention \"{fragment}\"");
        }
        return detail!;
    }
}
