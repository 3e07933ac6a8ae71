using System.Globalization;
using System.Text.Json;
using Assessment.Bench.Scale.Runs;

namespace Assessment.Bench.Scale.Seed;

// The read benchmark's database: 100,000 patches and over 1,000,000 events, made once and kept
// in bench/.cache/. Three template patches are taken through the real server (a whole regular
// life with a revision, one just submitted, one reviewed once); then each template's rows, as
// the engine wrote them, are copied (Clones) with new ids, titles and times, and their events
// appended to the chain with hashes computed by the server's own AuditChain. The server
// verifies the whole chain when it starts on the result, and the benchmark asks it again.
internal static class ReadSeed
{
    public const string AdminToken = "bench-admin-token";

    public sealed record Seeded(string DataDirectory, Dictionary<string, string> Tokens, int Patches, long Events, long? VerifiedEvents = null);

    public static async Task<Seeded> MarkVerifiedAsync(BenchOptions options, Seeded seeded, CancellationToken ct)
    {
        await File.WriteAllTextAsync(Marker(options), JsonSerializer.Serialize(seeded), ct);
        return seeded;
    }

    private static string Folder(BenchOptions options) => Path.Combine(options.Cache, $"reads-v2-{options.Patches}");

    private static string Marker(BenchOptions options) => Path.Combine(Folder(options), "seeded.json");

    public static async Task<Seeded> EnsureAsync(BenchOptions options, CancellationToken ct)
    {
        // The seed's version is in the folder's name: a change to how the copies are made
        // (v2: a blessing names its copy's event) makes a new seed rather than reusing an old one.
        var data = Folder(options);
        var marker = Marker(options);
        if (File.Exists(marker))
            return JsonSerializer.Deserialize<Seeded>(await File.ReadAllTextAsync(marker, ct))!;
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        Directory.CreateDirectory(data);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal) { ["admin"] = AdminToken };
        await using (var host = await HostProcess.StartAsync(options.RepoRoot, data, AdminToken, null, ct))
        {
            using var api = new Api(host.Url, AdminToken);
            var repo = await GitRepo.CreateAsync(Path.Combine(data, "repo"), ct);
            await api.RepositoryAsync("cacert-devel", repo.Path, ct);
            foreach (var (name, role) in new[] { ("alice", "developer"), ("bob", "assessor"), ("carol", "assessor"), ("oscar", "assessor"),
                         ("dave", "tester"), ("erin", "tester"), ("sam", "sysadmin"), ("audrey", "auditor") })
                tokens[name] = await api.UserAsync(name, role, ct);
            await TemplatesAsync(api, tokens, repo, ct);
        }
        Console.Error.WriteLine($"templates made; copying them to {options.Patches} patches");
        var events = await Clones.WriteAsync(Path.Combine(data, "assessment.db"), options.Patches, ct);
        var seeded = new Seeded(data, tokens, options.Patches, events);
        await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(seeded), ct);
        return seeded;
    }

    // Patch 1: a whole regular life (changes asked, a revision, two approvals, test deployment,
    // two passes, blessing, production, two comments): 12 events. Patch 2: submitted. Patch 3: reviewed once.
    private static async Task TemplatesAsync(Api api, Dictionary<string, string> t, GitRepo repo, CancellationToken ct)
    {
        var whole = await api.SubmitAsync(t["alice"], "Raise the minimum RSA key size", repo.Release, repo.First, ct);
        await api.PostAsync(t["bob"], $"/api/patches/{whole}/reviews", new { verdict = "request-changes", comment = "Name the EC minimum too.", commit = repo.First }, ct);
        await api.PostAsync(t["alice"], $"/api/patches/{whole}/revisions", new { head = repo.Second }, ct);
        await api.PostAsync(t["bob"], $"/api/patches/{whole}/reviews", new { verdict = "approve", comment = "Good.", commit = repo.Second }, ct);
        await api.PostAsync(t["carol"], $"/api/patches/{whole}/reviews", new { verdict = "approve", comment = "Agreed.", commit = repo.Second }, ct);
        await api.PostAsync(t["bob"], $"/api/patches/{whole}/deployments", new { environment = "test", commit = repo.Second }, ct);
        await api.PostAsync(t["dave"], $"/api/patches/{whole}/tests", new { result = "pass", comment = "Keys of 1024 bits refused.", commit = repo.Second }, ct);
        await api.PostAsync(t["erin"], $"/api/patches/{whole}/tests", new { result = "pass", comment = "Works.", commit = repo.Second }, ct);
        await api.PostAsync(t["carol"], $"/api/patches/{whole}/blessing", new { comment = "Blessed." }, ct);
        await api.PostAsync(t["sam"], $"/api/patches/{whole}/deployments", new { environment = "production", commit = repo.Second }, ct);
        await api.PostAsync(t["bob"], $"/api/patches/{whole}/comments", new { body = "Deployed on the test server first." }, ct);
        await api.PostAsync(t["alice"], $"/api/patches/{whole}/comments", new { body = "Thank you." }, ct);
        await api.SubmitAsync(t["alice"], "Escape user names in the account page", repo.Release, repo.First, ct);
        var reviewed = await api.SubmitAsync(t["alice"], "Name the community in the README", repo.Release, repo.First, ct);
        await api.PostAsync(t["bob"], $"/api/patches/{reviewed}/reviews", new { verdict = "approve", comment = "Good.", commit = repo.First }, ct);
        if ((whole, reviewed) != (1, 3)) throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the templates are patches {whole} and {reviewed}, not 1 and 3"));
    }
}
