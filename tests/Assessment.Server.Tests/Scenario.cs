using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests;

// One server, one controlled repository "cacert-devel" and a cast with one user per part of
// the process: alice and frank write patches, bob, carol and oscar assess, dave, erin and tina
// test, sam and sid are critical sysadmins, audrey audits; ada is developer, assessor and
// tester at once, tom assessor and tester (for the separation-of-duties rules).
//
// The history: Initial (release) - Fix1 - Fix2 (feature) - Revision2 - Openssl - Mallory - Remedy (main).
internal sealed class Scenario : IDisposable
{
    public const string Repo = "cacert-devel";
    public const string NoSuchCommit = "0123456789abcdef0123456789abcdef01234567";

    private static readonly (string Name, string[] Roles)[] Cast =
    [
        ("alice", ["developer"]), ("frank", ["developer"]),
        ("bob", ["assessor"]), ("carol", ["assessor"]), ("oscar", ["assessor"]),
        ("dave", ["tester"]), ("erin", ["tester"]), ("tina", ["tester"]),
        ("sam", ["sysadmin"]), ("sid", ["sysadmin"]), ("audrey", ["auditor"]),
        ("ada", ["developer", "assessor", "tester"]), ("tom", ["assessor", "tester"]),
    ];

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    private Scenario(AssessmentApp app)
    {
        App = app;
        Git = TempGitRepo.Create();
        Initial = Git.Commit("Initial import", Files(("README", "CAcert web application\n"), ("index.php", "<?php\necho 'hello';\n")));
        Git.Branch("release");
        Fix1 = Git.Commit("Escape user names in the account page",
            Files(("account.php", "<?php\n$name = $_GET['name'];\necho htmlspecialchars($name);\n")));
        Fix2 = Git.Commit("Name the community in the README", Files(("README", "CAcert community web application\n")));
        Git.Branch("feature");
        Revision2 = Git.Commit("Escape e-mail addresses too",
            Files(("account.php", "<?php\n$name = $_GET['name'];\necho htmlspecialchars($name);\necho htmlspecialchars($email);\n")));
        Openssl = Git.Commit("Upgrade OpenSSL to 1.0.1g", Files(("openssl.version", "1.0.1g\n")));
        Mallory = Git.Commit("Harden the OCSP responder", Files(("ocsp.c", "if (len > 32) return ERR;\n")),
            authorName: "Mallory Example", authorEmail: "mallory@example.org");
        Remedy = Git.Commit("Regenerate the server keys after Heartbleed", Files(("keys.conf", "regenerate = yes\n")));
        _clients["admin"] = app.Admin;
    }

    public AssessmentApp App { get; }
    public TempGitRepo Git { get; }
    public string Initial { get; }
    public string Fix1 { get; }
    public string Fix2 { get; }
    public string Revision2 { get; }
    public string Openssl { get; }
    public string Mallory { get; }
    public string Remedy { get; }

    public HttpClient this[string user] => _clients[user];

    public static async Task<Scenario> StartAsync(string? workflowDirectory = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var scenario = new Scenario(new AssessmentApp(workflowDirectory, settings: settings) { ExtraServices = services });
        await scenario.App.RegisterRepositoryAsync(Repo, scenario.Git.Path);
        foreach (var (name, roles) in Cast)
        {
            scenario._clients[name] = await scenario.App.UserAsync(name, roles);
        }
        return scenario;
    }

    public static Dictionary<string, string?> Files(params (string Path, string? Content)[] files) =>
        files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    public Task<HttpResponseMessage> PostAsync(string user, string path, object body) => this[user].PostAsJsonAsync(path, body);

    public async Task<JsonElement> CreatedAsync(string user, string path, object body) =>
        await ApiAssert.StatusAsync(await PostAsync(user, path, body), HttpStatusCode.Created);

    public async Task<JsonElement> GetAsync(string user, string path) =>
        await ApiAssert.StatusAsync(await this[user].GetAsync(path), HttpStatusCode.OK);

    public Task<JsonElement> PatchAsync(int id, string user = "admin") => GetAsync(user, $"/api/patches/{id}");

    public async Task<string[]> NextActionsAsync(int id, string user) => (await PatchAsync(id, user)).Strings("nextActions");

    public async Task<JsonElement[]> EventsAsync(int? patch = null) =>
        (await GetAsync("admin", patch is { } id ? $"/api/audit/events?patch={id}" : "/api/audit/events")).EnumerateArray().ToArray();

    public async Task<int> SubmitAsync(string author = "alice", string? @base = null, string? head = null, int? follows = null)
    {
        var patch = await CreatedAsync(author, "/api/patches", new
        {
            repository = Repo, title = "Escape user names", description = "Fixes an *XSS* in `account.php`.",
            @base = @base ?? Initial, head = head ?? Fix2, bug = "1234", follows,
        });
        return patch.Int("id");
    }

    public Task<HttpResponseMessage> ReviewAsync(int id, string user, string verdict = "approve", string? commit = null) =>
        PostAsync(user, $"/api/patches/{id}/reviews", new { verdict, comment = $"{user} read the diff", commit });

    public Task<HttpResponseMessage> TestAsync(int id, string user, string result = "pass", string? commit = null) =>
        PostAsync(user, $"/api/patches/{id}/tests", new { result, comment = $"{user} tried it on the test server", commit });

    public Task<HttpResponseMessage> DeployAsync(int id, string user, string environment, string commit) =>
        PostAsync(user, $"/api/patches/{id}/deployments", new { environment, commit });

    public Task<HttpResponseMessage> BlessAsync(int id, string user) =>
        PostAsync(user, $"/api/patches/{id}/blessing", new { comment = "Blessed for production." });

    public Task<HttpResponseMessage> WithdrawAsync(int id, string user) =>
        PostAsync(user, $"/api/patches/{id}/withdrawal", new { comment = "No longer needed." });

    public Task<HttpResponseMessage> ReviseAsync(int id, string user, string head) =>
        PostAsync(user, $"/api/patches/{id}/revisions", new { head });

    public Task<HttpResponseMessage> DeclareAsync(string user = "sam", string? commit = null, string? @base = null) =>
        PostAsync(user, "/api/emergencies", new
        {
            repository = Repo, commit = commit ?? Openssl, @base, title = "Upgrade OpenSSL (Heartbleed)",
            reason = "CVE-2014-0160 is remotely exploitable; patched at once.", arbitration = "a20140408.1",
        });

    public async Task<int> EmergencyAsync(string user = "sam", string? commit = null, string? @base = null) =>
        (await ApiAssert.StatusAsync(await DeclareAsync(user, commit, @base), HttpStatusCode.Created)).Int("id");

    // One more person, with an e-mail address (the emergency rules match commit authors by it).
    public async Task AddUserAsync(string name, string? email, params string[] roles)
    {
        var created = await CreatedAsync("admin", "/api/users", new { name, roles, motion = "m-test", email });
        _clients[name] = App.As(created.Str("token"));
    }

    // A patch by the author, taken along the regular happy path (or aside) to the state.
    public async Task<int> RegularInStateAsync(string state, string author = "alice")
    {
        var id = await SubmitAsync(author);
        string[] path = state switch
        {
            "submitted" => [],
            "reviewed" => ["approve"],
            "on-test" => ["approve", "deploy-test"],
            "tested" => ["approve", "deploy-test", "pass"],
            "blessed" => ["approve", "deploy-test", "pass", "bless"],
            "deployed" => ["approve", "deploy-test", "pass", "bless", "deploy-production"],
            "changes-requested" => ["request-changes"],
            "withdrawn" => ["withdraw"],
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };
        await StepsAsync(id, Fix2, author, path);
        Assert.Equal(state, (await PatchAsync(id)).Str("state"));
        return id;
    }

    // Takes the patch through the steps with the regular people: bob and carol approve, bob puts
    // the commit on test, dave and erin pass, carol blesses, sam deploys to production.
    public async Task StepsAsync(int id, string commit, string author, params string[] steps)
    {
        foreach (var step in steps)
        {
            var expected = step == "withdraw" ? HttpStatusCode.OK : HttpStatusCode.Created;
            switch (step)
            {
                case "approve":
                    await ApiAssert.StatusAsync(await ReviewAsync(id, "bob"), expected);
                    await ApiAssert.StatusAsync(await ReviewAsync(id, "carol"), expected);
                    break;
                case "pass":
                    await ApiAssert.StatusAsync(await TestAsync(id, "dave"), expected);
                    await ApiAssert.StatusAsync(await TestAsync(id, "erin"), expected);
                    break;
                case "deploy-test": await ApiAssert.StatusAsync(await DeployAsync(id, "bob", "test", commit), expected); break;
                case "bless": await ApiAssert.StatusAsync(await BlessAsync(id, "carol"), expected); break;
                case "deploy-production": await ApiAssert.StatusAsync(await DeployAsync(id, "sam", "production", commit), expected); break;
                case "request-changes": await ApiAssert.StatusAsync(await ReviewAsync(id, "bob", "request-changes"), expected); break;
                case "withdraw": await ApiAssert.StatusAsync(await WithdrawAsync(id, author), expected); break;
                default: throw new ArgumentOutOfRangeException(nameof(steps), step, null);
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
        App.Dispose();
        Git.Dispose();
    }
}
