using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Data;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private Scenario s = null!;

    public async Task InitializeAsync() => s = await Scenario.StartAsync();

    public Task DisposeAsync()
    {
        s.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_same_key_twice_records_once_and_answers_the_first_answer()
    {
        var submit = new { repository = Scenario.Repo, title = "Once", description = "", @base = s.Initial, head = s.Fix2 };
        var first = await SendAsync("alice", "/api/patches", submit, "submit-1");
        var second = await SendAsync("alice", "/api/patches", submit, "submit-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(body, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains(Idempotency.ReplayedHeader));
        Assert.False(first.Headers.Contains(Idempotency.ReplayedHeader));
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();

        var review = new { verdict = "approve", comment = "once" };
        var reviewed = await SendAsync("bob", $"/api/patches/{id}/reviews", review, "review-1");
        var again = await SendAsync("bob", $"/api/patches/{id}/reviews", review, "review-1");
        Assert.Equal(await reviewed.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());

        var events = await s["audrey"].GetFromJsonAsync<JsonElement>("/api/audit/events");
        Assert.Single(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "patch.submitted");
        Assert.Single(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "patch.reviewed");
        var patches = await s["audrey"].GetFromJsonAsync<JsonElement>("/api/patches");
        Assert.Equal(1, patches.GetArrayLength());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422_and_records_nothing()
    {
        var id = (await s.CreatedAsync("alice", "/api/patches",
            new { repository = Scenario.Repo, title = "Keyed", description = "", @base = s.Initial, head = s.Fix2 })).GetProperty("id").GetInt32();
        await ApiAssert.StatusAsync(await SendAsync("bob", $"/api/patches/{id}/reviews", new { verdict = "approve", comment = "yes" }, "k"), HttpStatusCode.Created);
        var before = (await s["audrey"].GetFromJsonAsync<JsonElement>("/api/audit/events")).GetArrayLength();

        await ApiAssert.ProblemAsync(await SendAsync("bob", $"/api/patches/{id}/reviews", new { verdict = "request-changes", comment = "no" }, "k"),
            HttpStatusCode.UnprocessableEntity, "Idempotency-Key", "another request");
        await ApiAssert.ProblemAsync(await SendAsync("bob", $"/api/patches/{id}/tests", new { verdict = "approve", comment = "yes" }, "k"),
            HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(before, (await s["audrey"].GetFromJsonAsync<JsonElement>("/api/audit/events")).GetArrayLength());

        // Another caller's key is another key; a malformed key is refused.
        await ApiAssert.StatusAsync(await SendAsync("carol", $"/api/patches/{id}/reviews", new { verdict = "approve" }, "k"), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await SendAsync("carol", $"/api/patches/{id}/reviews", new { verdict = "approve" }, "two words"),
            HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task A_key_is_kept_for_24_hours()
    {
        var id = (await s.CreatedAsync("alice", "/api/patches",
            new { repository = Scenario.Repo, title = "Day", description = "", @base = s.Initial, head = s.Fix2 })).GetProperty("id").GetInt32();
        var review = new { verdict = "approve", comment = "daily" };
        await ApiAssert.StatusAsync(await SendAsync("bob", $"/api/patches/{id}/reviews", review, "day"), HttpStatusCode.Created);
        s.App.Clock.Advance(TimeSpan.FromHours(23));
        Assert.True((await SendAsync("bob", $"/api/patches/{id}/reviews", review, "day")).Headers.Contains(Idempotency.ReplayedHeader));
        s.App.Clock.Advance(TimeSpan.FromHours(2));
        var later = await SendAsync("bob", $"/api/patches/{id}/reviews", review, "day");
        await ApiAssert.StatusAsync(later, HttpStatusCode.Created);
        Assert.False(later.Headers.Contains(Idempotency.ReplayedHeader));
        var events = await s["audrey"].GetFromJsonAsync<JsonElement>($"/api/audit/events?patch={id}");
        Assert.Equal(2, events.EnumerateArray().Count(e => e.GetProperty("type").GetString() == "patch.reviewed"));
    }

    private Task<HttpResponseMessage> SendAsync(string user, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(Idempotency.Header, key);
        return s[user].SendAsync(request);
    }
}
