using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Assessment.Fuzz;

internal sealed record Endpoint(string Method, string Path, IReadOnlyList<string> QueryNames);

// What the fuzzer aims at: every operation of the server's OpenAPI document, callers of every
// role, and a controlled repository with a patch, so that handlers get past "not found".
internal sealed class Target
{
    public required ServerProcess Server { get; init; }
    public required IReadOnlyList<Endpoint> Endpoints { get; init; }
    public required IReadOnlyDictionary<string, string> Tokens { get; init; }
    public required IReadOnlyList<string> Commits { get; init; }

    // An auditor that is never a caller, so that the check of the log at the end still signs
    // in after the run revoked or deactivated any of the callers (the admin's token included).
    public required string VerifierToken { get; init; }

    public static readonly (string Name, string[] Roles)[] People =
        [("nora", []), ("alice", ["developer"]), ("bob", ["assessor"]), ("dave", ["tester"]), ("sam", ["sysadmin"]), ("audrey", ["auditor"])];

    public static async Task<Target> PrepareAsync(ServerProcess server)
    {
        using var admin = new HttpClient { BaseAddress = server.Address };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ServerProcess.AdminToken);
        var repo = Path.Combine(server.Folder, "repo");
        Git(server.Folder, "init", "-q", "-b", "main", repo);
        var commits = new List<string>();
        foreach (var (file, message) in new[] { ("README", "Initial import"), ("a.php", "Escape names"), ("b.php", "Escape e-mails") })
        {
            File.WriteAllText(Path.Combine(repo, file), message + "\n");
            Git(repo, "add", file);
            Git(repo, "-c", "user.name=alice", "-c", "user.email=alice@example.org", "commit", "-q", "-m", message);
            commits.Add(Git(repo, "rev-parse", "HEAD").Trim());
            if (commits.Count == 1) Git(repo, "branch", "release");
        }
        (await admin.PostAsJsonAsync("/api/repositories", new { name = "cacert-devel", path = repo })).EnsureSuccessStatusCode();
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal) { ["admin"] = ServerProcess.AdminToken };
        foreach (var (name, roles) in People)
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { name, roles, motion = "m-fuzz", email = $"{name}@example.org" });
            tokens[name] = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        }
        var verifier = await admin.PostAsJsonAsync("/api/users", new { name = "fuzz-verifier", roles = new[] { "auditor" }, motion = "m-fuzz" });
        var verifierToken = (await verifier.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var alice = new HttpClient { BaseAddress = server.Address };
        alice.DefaultRequestHeaders.Authorization = new("Bearer", tokens["alice"]);
        (await alice.PostAsJsonAsync("/api/patches", new { repository = "cacert-devel", title = "Escape names", @base = commits[0], head = commits[1] }))
            .EnsureSuccessStatusCode();
        return new Target { Server = server, Endpoints = await EndpointsAsync(admin), Tokens = tokens, Commits = commits, VerifierToken = verifierToken };
    }

    // Every path and method the server documents, with the query parameters it names.
    private static async Task<IReadOnlyList<Endpoint>> EndpointsAsync(HttpClient client)
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var list = new List<Endpoint>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var query = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                list.Add(new Endpoint(operation.Name.ToUpperInvariant(), path.Name, query));
            }
        }
        return list;
    }

    private static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException("git " + string.Join(' ', args) + " failed");
        return output;
    }
}
