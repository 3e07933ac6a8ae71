using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Assessment.Server.Tests.Pages;

// The real server on a loopback port, a controlled repository (release - Fix1 - Fix2 - Fix3)
// and the people of one patch: alice writes, bob and carol assess, dave tests, sam deploys.
internal sealed class PageServer : IDisposable
{
    public const string Repo = "cacert-devel";

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    private PageServer()
    {
        App = new AssessmentApp(kestrel: true);
        Git = TempGitRepo.Create();
        Initial = Git.Commit("Initial import", new Dictionary<string, string?> { ["README"] = "CAcert\n" });
        Git.Branch("release");
        Fix1 = Git.Commit("Escape user names", new Dictionary<string, string?> { ["account.php"] = "<?php echo htmlspecialchars($n);\n" });
        Fix2 = Git.Commit("Escape e-mail addresses too", new Dictionary<string, string?> { ["account.php"] = "<?php echo h($n), h($e);\n" });
    }

    public AssessmentApp App { get; }
    public TempGitRepo Git { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public string Initial { get; }
    public string Fix1 { get; }
    public string Fix2 { get; }

    public HttpClient this[string user] => _clients[user];

    public static async Task<PageServer> StartAsync()
    {
        var server = new PageServer();
        server.App.StartServer();
        var addresses = server.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.BaseAddress = new Uri(addresses.First());
        await server.App.RegisterRepositoryAsync(Repo, server.Git.Path);
        foreach (var (name, role) in new[] { ("alice", "developer"), ("bob", "assessor"), ("carol", "assessor"), ("dave", "tester"), ("sam", "sysadmin") })
        {
            server._clients[name] = await server.App.UserAsync(name, role);
        }
        return server;
    }

    // One more person of the process, signed in through the API like the others.
    public async Task AddUserAsync(string name, params string[] roles) => _clients[name] = await App.UserAsync(name, roles);

    public string TokenOf(string user) => this[user].DefaultRequestHeaders.Authorization!.Parameter!;

    public async Task<int> SubmitAsync(string title = "Escape user names", string description = "Fixes an *XSS* in `account.php`.")
    {
        var response = await this["alice"].PostAsJsonAsync("/api/patches",
            new { repository = Repo, title, description, @base = Initial, head = Fix1, bug = "1234" });
        return (await ApiAssert.StatusAsync(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    // A regular patch approved by bob and carol and put on test by bob.
    public async Task<int> OnTestAsync()
    {
        var id = await SubmitAsync();
        foreach (var assessor in new[] { "bob", "carol" })
        {
            await ApiAssert.StatusAsync(await this[assessor].PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "approve", comment = "ok" }), HttpStatusCode.Created);
        }
        await ApiAssert.StatusAsync(await this["bob"].PostAsJsonAsync($"/api/patches/{id}/deployments", new { environment = "test", commit = Fix1 }), HttpStatusCode.Created);
        return id;
    }

    // The patch on test passed by dave and erin (a second tester, added here) and blessed by carol.
    public async Task<int> BlessedAsync()
    {
        var id = await OnTestAsync();
        if (!_clients.ContainsKey("erin")) await AddUserAsync("erin", "tester");
        foreach (var tester in new[] { "dave", "erin" })
        {
            await ApiAssert.StatusAsync(await this[tester].PostAsJsonAsync($"/api/patches/{id}/tests", new { result = "pass", comment = "works" }), HttpStatusCode.Created);
        }
        await ApiAssert.StatusAsync(await this["carol"].PostAsJsonAsync($"/api/patches/{id}/blessing", new { comment = "blessed" }), HttpStatusCode.Created);
        return id;
    }

    public async Task<JsonElement> PatchAsync(int id) =>
        await ApiAssert.StatusAsync(await this["alice"].GetAsync(new Uri($"/api/patches/{id}", UriKind.Relative)), HttpStatusCode.OK);

    // Signs the browser page in through the /login form, as a person would.
    public async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("API token").FillAsync(TokenOf(user));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(Chromium.UrlEndsWith("/patches"));
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
        App.Dispose();
        Git.Dispose();
    }
}
