#if ASSESSMENT_SERVER_TESTS
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assessment.TestSupport;

// A stand-in for GitHub Enterprise on a loopback port, serving the REST endpoints Assessment
// calls under /api/v3/ (where Octokit puts them for any host but github.com), and keeping every
// request it received. Its repository is a real git repository on disk: clone_url names it, and
// a pull request's head is refs/pull/N/head in it, as on GitHub.
internal sealed class FakeGitHub : IAsyncDisposable
{
    public const string Token = "ghp_test_token_never_shown";
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<int, PullRequest> pulls = new();

    private FakeGitHub(WebApplication app, string repository, string gitPath)
    {
        this.app = app;
        Repository = repository;
        GitPath = gitPath;
    }

    public string Repository { get; }
    public string GitPath { get; }
    public Uri Address => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    // While down, every request is answered 503 (and still recorded).
    public bool Down { get; set; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public IReadOnlyList<Received> Statuses => [.. Requests.Where(r => r.Method == "POST" && r.Path.Contains("/statuses/", StringComparison.Ordinal) && r.Answered < 300)];

    internal sealed record Received(string Method, string Path, string? Authorization, JsonElement? Body, int Answered);

    internal sealed record PullRequest(int Number, string Title, string Body, string BaseRef, string BaseSha, string HeadSha, string Login);

    public static async Task<FakeGitHub> StartAsync(string repository, string gitPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGitHub(app, repository, gitPath);
        app.Run(fake.AnswerAsync);
        await app.StartAsync();
        return fake;
    }

    public void OpenPullRequest(PullRequest pr)
    {
        ArgumentNullException.ThrowIfNull(pr);
        pulls[pr.Number] = pr;
        using var repo = new LibGit2Sharp.Repository(GitPath);
        repo.Refs.Add($"refs/pull/{pr.Number}/head", pr.HeadSha, allowOverwrite: true);
    }

    public PullRequest Pull(int number) => pulls[number];

    private async Task AnswerAsync(HttpContext http)
    {
        JsonElement? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Method == "POST")
        {
            using var reader = new StreamReader(http.Request.Body);
            var text = await reader.ReadToEndAsync();
            if (text.Length > 0) body = JsonDocument.Parse(text).RootElement.Clone();
        }
        var path = http.Request.Path.Value ?? "";
        var (status, answer) = Down ? (503, (object)new { message = "Service Unavailable" }) : Route(http.Request.Method, path, body);
        Requests.Enqueue(new Received(http.Request.Method, path, http.Request.Headers.Authorization.FirstOrDefault(), body, status));
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(answer);
    }

    private (int, object) Route(string method, string path, JsonElement? body)
    {
        var prefix = $"/api/v3/repos/{Repository}";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return (404, new { message = "Not Found" });
        var rest = path[prefix.Length..];
        if (method == "GET" && rest.Length == 0)
        {
            return (200, new { id = 1, name = Repository.Split('/')[1], full_name = Repository, clone_url = GitPath, html_url = $"https://github.example.org/{Repository}" });
        }
        if (method == "GET" && rest.StartsWith("/pulls/", StringComparison.Ordinal) && int.TryParse(rest["/pulls/".Length..], out var number))
        {
            if (!pulls.TryGetValue(number, out var pr)) return (404, new { message = "Not Found" });
            return (200, new
            {
                id = 1000 + number, number, state = "open", merged = false, title = pr.Title, body = pr.Body,
                html_url = $"https://github.example.org/{Repository}/pull/{number}", user = new { login = pr.Login, id = 7 },
                @base = new { @ref = pr.BaseRef, sha = pr.BaseSha, label = "base" }, head = new { @ref = $"pr-{number}", sha = pr.HeadSha, label = "head" },
            });
        }
        if (method == "POST" && rest.StartsWith("/statuses/", StringComparison.Ordinal) && body is { } status)
        {
            return (201, new
            {
                id = Requests.Count + 1, state = status.GetProperty("state").GetString(), context = status.GetProperty("context").GetString(),
                description = status.TryGetProperty("description", out var d) ? d.GetString() : null,
            });
        }
        return (404, new { message = "Not Found" });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
#endif
