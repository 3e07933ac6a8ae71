using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Data;

// kill -9 of the real server process, 20 times, while clients keep writing: every action the
// server acknowledged is in the log after the restart, and none twice (each client retries
// what it never heard back about with the same Idempotency-Key, as a real client would).
public sealed class CrashTests
{
    private const int Kills = 20;
    private const int Clients = 6;

    [SkippableFact]
    public async Task Killing_the_server_under_load_loses_no_acknowledged_action_and_doubles_none()
    {
        Skip.If(TestDatabase.UsePostgreSQL, "kill -9 is tested on the SQLite file, which the server process itself writes");
        var data = TempGitRepo.NewTempFolder("data");
        using var git = TempGitRepo.Create();
        git.Commit("Initial import", new Dictionary<string, string?>(StringComparer.Ordinal) { ["README"] = "one\n" });
        git.Branch("release");
        var head = git.Commit("A change", new Dictionary<string, string?>(StringComparer.Ordinal) { ["README"] = "two\n" });
        var server = await ServerProcess.StartAsync(data);
        try
        {
            string alice, bob;
            using (var admin = server.Client())
            {
                await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/repositories", new { name = "repo", path = git.Path, productionBranch = "release" }), HttpStatusCode.Created);
                alice = (await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users", new { name = "alice", roles = new[] { "developer" }, motion = "m" }), HttpStatusCode.Created)).GetProperty("token").GetString()!;
                bob = (await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users", new { name = "bob", roles = new[] { "assessor" }, motion = "m" }), HttpStatusCode.Created)).GetProperty("token").GetString()!;
            }
            using (var client = server.Client(alice))
            {
                await ApiAssert.StatusAsync(await client.PostAsJsonAsync("/api/patches", new { repository = "repo", title = "Crash", description = "", @base = "release", head }), HttpStatusCode.Created);
            }

            var acknowledged = new HashSet<string>(StringComparer.Ordinal);
            var unanswered = new HashSet<string>(StringComparer.Ordinal);
            var next = 0;
            for (var round = 0; round < Kills; round++)
            {
                var roundAcks = 0;
                using var stop = new CancellationTokenSource();
                var current = server;
                var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
                {
                    using var client = current.Client(bob);
                    while (!stop.IsCancellationRequested)
                    {
                        var key = $"review-{Interlocked.Increment(ref next)}";
                        lock (unanswered) unanswered.Add(key);
                        if (await ReviewAsync(client, key) is HttpStatusCode.Created)
                        {
                            lock (unanswered) { unanswered.Remove(key); acknowledged.Add(key); }
                            Interlocked.Increment(ref roundAcks);
                        }
                    }
                })).ToList();
                while (Volatile.Read(ref roundAcks) < 3) await Task.Delay(5);
                await server.KillAsync(); // mid-load: requests are in flight
                stop.Cancel();
                await Task.WhenAll(clients);
                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(data);
            }

            // What was never answered may or may not have been recorded: the retry says which, once.
            using (var client = server.Client(bob))
            {
                foreach (var key in unanswered.ToList())
                {
                    Assert.Equal(HttpStatusCode.Created, await ReviewAsync(client, key));
                    acknowledged.Add(key);
                }
                var events = (await client.GetFromJsonAsync<JsonElement>("/api/audit/events?limit=100000")).EnumerateArray()
                    .Where(e => e.GetProperty("type").GetString() == "patch.reviewed")
                    .Select(e => e.GetProperty("data").GetProperty("details").GetProperty("comment").GetString()!).ToList();
                Assert.Equal(events.Count, events.Distinct(StringComparer.Ordinal).Count()); // none doubled
                Assert.Equal(acknowledged.Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal)); // none lost
            }
            using var auditor = server.Client();
            var verify = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
            Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        }
        finally
        {
            await server.DisposeAsync();
            TempGitRepo.DeleteFolder(data);
        }
    }

    // null: no answer (the server died under it).
    private static async Task<HttpStatusCode?> ReviewAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/patches/1/reviews")
        {
            Content = JsonContent.Create(new { verdict = "approve", comment = key }),
        };
        request.Headers.Add("Idempotency-Key", key);
        try
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
