using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Core.GitHub;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.GitHub;

// A server whose repository "cacert-devel" has a GitHub counterpart served by FakeGitHub: the
// GitHub-side repository holds main, release (production) and pull request #1 by octo-alice,
// mapped to the user alice. People: ci (developer, submits for others), alice, bob and carol
// (assessors), dave and erin (testers), sam (sysadmin).
internal sealed class GitHubWorld : IAsyncDisposable
{
    public const string Secret = "webhook-shared-secret";
    public const string Repo = "cacert/cacert-devel";

    private GitHubWorld(TempGitRepo origin, FakeGitHub github, AssessmentApp app)
    {
        Origin = origin;
        GitHub = github;
        App = app;
    }

    public TempGitRepo Origin { get; }
    public FakeGitHub GitHub { get; }
    public AssessmentApp App { get; }
    public Dictionary<string, HttpClient> People { get; } = new(StringComparer.Ordinal);
    public string Initial { get; private set; } = "";
    public string Fix { get; private set; } = "";

    public HttpClient this[string name] => People[name];

    public static async Task<GitHubWorld> StartAsync()
    {
        var origin = TempGitRepo.Create();
        var github = await FakeGitHub.StartAsync(Repo, origin.Path);
        var app = new AssessmentApp();
        app.Settings["Assessment:GitHub:ApiUrl"] = github.Address.ToString();
        app.Settings["Assessment:GitHub:Token"] = FakeGitHub.Token;
        app.Settings["Assessment:GitHub:WebhookSecret"] = Secret;
        app.Settings["Assessment:GitHub:PublicUrl"] = "https://assessment.example.org/";
        app.Settings["Assessment:GitHub:Logins:octo-alice"] = "alice";
        var world = new GitHubWorld(origin, github, app);
        world.Initial = origin.Commit("Initial import", new Dictionary<string, string?> { ["README"] = "x\n" });
        origin.Branch("release");
        world.Fix = origin.Commit("Escape user names", new Dictionary<string, string?> { ["a.php"] = "a\n" });
        github.OpenPullRequest(new FakeGitHub.PullRequest(1, "Escape user names", "Fixes **XSS** in the user list.", "release", world.Initial, world.Fix, "octo-alice"));
        using (var admin = app.Admin)
        {
            await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/repositories",
                new { name = "cacert-devel", productionBranch = "release", github = Repo }), HttpStatusCode.Created);
        }
        foreach (var (name, role) in new[] { ("ci", "developer"), ("alice", "developer"), ("bob", "assessor"), ("carol", "assessor"),
                     ("dave", "tester"), ("erin", "tester"), ("sam", "sysadmin") })
        {
            world.People[name] = await app.UserAsync(name, role);
        }
        return world;
    }

    public async Task<JsonElement> SubmitPullRequestAsync(int number) =>
        await ApiAssert.StatusAsync(await this["ci"].PostAsJsonAsync("/api/patches", new { repository = "cacert-devel", githubPullRequest = number }),
            HttpStatusCode.Created);

    public async Task<JsonElement> PatchAsync(int id) => await App.Admin.GetFromJsonAsync<JsonElement>($"/api/patches/{id}");

    // The patch's gitHub part once done says so (GitHub has a status before the server noted it).
    public async Task<JsonElement> PollGitHubAsync(int id, Func<JsonElement, bool> done)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var github = (await PatchAsync(id)).GetProperty("gitHub");
            if (done(github)) return github;
            await Task.Delay(50, limit.Token);
        }
    }

    public async Task<List<JsonElement>> EventsAsync()
    {
        using var admin = App.Admin;
        return (await admin.GetFromJsonAsync<JsonElement>("/api/audit/events")).EnumerateArray().ToList();
    }

    // Waits until GitHub has received count statuses (a hang guard, not a timing assertion).
    public async Task<IReadOnlyList<FakeGitHub.Received>> StatusesAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (GitHub.Statuses.Count < count) await Task.Delay(50, limit.Token);
        return GitHub.Statuses;
    }

    public async Task<HttpResponseMessage> DeliverAsync(string @event, string delivery, object payload, string? signature = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        using var client = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/github/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", @event);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        if (signature != "") request.Headers.Add("X-Hub-Signature-256", signature ?? WebhookSignature.Sign(Secret, body));
        return await client.SendAsync(request);
    }

    public static object PullRequestEvent(string action, int number, string head, bool merged = false) => new
    {
        action, number, repository = new { full_name = Repo }, sender = new { login = "octo-alice" },
        pull_request = new { number, merged, head = new { sha = head } },
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in People.Values) client.Dispose();
        App.Dispose();
        await GitHub.DisposeAsync();
        Origin.Dispose();
    }
}
