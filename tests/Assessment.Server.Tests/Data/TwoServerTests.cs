using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Data;

// Two server processes on one PostgreSQL database, written to at once through both: one log.
public sealed class TwoServerTests
{
    [SkippableFact]
    public async Task Two_servers_on_one_PostgreSQL_database_keep_one_chain_with_every_action_once()
    {
        Postgres.Require();
        var database = TestDatabase.CreatePostgresDatabase();
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", new Dictionary<string, string?>(StringComparer.Ordinal) { ["README"] = "one\n" });
        git.Branch("release");
        var head = git.Commit("A change", new Dictionary<string, string?>(StringComparer.Ordinal) { ["README"] = "two\n" });
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Assessment__Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Assessment"] = database,
        };
        string[] folders = [TempGitRepo.NewTempFolder("data"), TempGitRepo.NewTempFolder("data")];
        ServerProcess[] servers = [];
        try
        {
            // Started at once: the migrations, the first admin and the workflow versions are made once.
            servers = await Task.WhenAll(folders.Select(f => ServerProcess.StartAsync(f, settings)));
            using var admin = servers[0].Client();
            await Created(admin.PostAsJsonAsync("/api/repositories", new { name = "repo", path = git.Path, productionBranch = "release" }));
            var alice = await UserAsync(servers[1], "alice", "developer");
            var assessors = new List<(ServerProcess Server, string Token, string Name)>();
            for (var i = 0; i < 4; i++)
            {
                var server = servers[i % 2];
                assessors.Add((server, await UserAsync(server, $"assessor{i}", "assessor"), $"assessor{i}"));
            }
            var patches = new List<int>();
            for (var i = 0; i < 4; i++)
            {
                using var client = servers[i % 2].Client(alice);
                var patch = await Created(client.PostAsJsonAsync("/api/patches",
                    new { repository = "repo", title = $"Patch {i}", description = "", @base = "release", head }));
                patches.Add(patch.GetProperty("id").GetInt32());
            }

            // Every assessor approves through each server, ten times, all at once: 80 actions.
            var comments = new List<string>();
            var work = new List<Task<JsonElement>>();
            foreach (var (_, token, name) in assessors)
            {
                foreach (var server in servers)
                {
                    for (var n = 0; n < 10; n++)
                    {
                        var comment = $"{name} via {server.Address.Port} #{n}";
                        comments.Add(comment);
                        var client = server.Client(token);
                        work.Add(Created(client.PostAsJsonAsync($"/api/patches/{patches[n % patches.Count]}/reviews",
                            new { verdict = "approve", comment })));
                    }
                }
            }
            await Task.WhenAll(work);

            foreach (var server in servers)
            {
                using var client = server.Client();
                var verify = await client.GetFromJsonAsync<JsonElement>("/api/audit/verify");
                Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
            }
            using var reader = servers[1].Client();
            var events = (await reader.GetFromJsonAsync<JsonElement>("/api/audit/events"))!.EnumerateArray().ToList();
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("sequence").GetInt64()));
            Assert.Equal(3, events.Count(e => e.GetProperty("type").GetString() == "workflow.loaded"));
            var reviewed = events.Where(e => e.GetProperty("type").GetString() == "patch.reviewed")
                .Select(e => e.GetProperty("data").GetProperty("details").GetProperty("comment").GetString()!)
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(comments.Order(StringComparer.Ordinal), reviewed);
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
            TestDatabase.DropPostgresDatabase(database);
            foreach (var folder in folders) TempGitRepo.DeleteFolder(folder);
        }
    }

    private static async Task<string> UserAsync(ServerProcess server, string name, string role)
    {
        using var admin = server.Client();
        var user = await Created(admin.PostAsJsonAsync("/api/users", new { name, roles = new[] { role }, motion = "m-test" }));
        return user.GetProperty("token").GetString()!;
    }

    private static async Task<JsonElement> Created(Task<HttpResponseMessage> request) =>
        await ApiAssert.StatusAsync(await request, HttpStatusCode.Created);
}
