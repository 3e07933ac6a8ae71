using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Data;

// A real full file system: the data directory on a small tmpfs (mounting needs root; CI runs
// as root and sets ASSESSMENT_REQUIRE_TMPFS=1), filled up while the server runs.
public sealed class DiskFullTests
{
    [SkippableFact]
    public async Task A_write_on_a_full_disk_is_503_records_nothing_and_the_server_recovers_without_a_restart()
    {
        Skip.If(TestDatabase.UsePostgreSQL, "disk full is tested on the SQLite file, which the server process itself writes");
        var mount = TempGitRepo.NewTempFolder("tmpfs");
        if (Run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount) != 0)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("ASSESSMENT_REQUIRE_TMPFS"), "1", StringComparison.Ordinal),
                "ASSESSMENT_REQUIRE_TMPFS=1 but a tmpfs could not be mounted");
            Skip.If(true, "mounting a small tmpfs needs root");
        }
        try
        {
            using var app = new AssessmentApp(dataDirectory: Path.Combine(mount, "data"));
            using var git = TempGitRepo.Create();
            git.Commit("Initial import", new Dictionary<string, string?>(StringComparer.Ordinal) { ["README"] = "one\n" });
            git.Branch("release");
            var head = git.Commit("A change", new Dictionary<string, string?>(StringComparer.Ordinal) { ["README"] = "two\n" });
            await app.RegisterRepositoryAsync("repo", git.Path);
            using var alice = await app.UserAsync("alice", "developer");
            using var bob = await app.UserAsync("bob", "assessor");
            await ApiAssert.StatusAsync(await alice.PostAsJsonAsync("/api/patches",
                new { repository = "repo", title = "Full", description = "", @base = "release", head }), HttpStatusCode.Created);
            using var admin = app.Admin;
            var before = await EventCountAsync(admin);

            var filler = Path.Combine(mount, "filler");
            Fill(filler);
            var recorded = 0;
            var comment = new string('x', 16_000);
            HttpResponseMessage? refused = null;
            for (var i = 0; i < 400 && refused is null; i++)
            {
                var response = await bob.PostAsJsonAsync("/api/patches/1/reviews", new { verdict = "approve", comment });
                if (response.StatusCode == HttpStatusCode.Created) recorded++;
                else refused = response;
            }
            Assert.NotNull(refused);
            await ApiAssert.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "durable", "nothing was recorded");

            // Counted once there is space again: while the disk is full a read may be refused
            // too (503), because a connection opened after the refusal emptied the pool has to
            // write SQLite's shared-memory index before it can read.
            File.Delete(filler);
            Assert.Equal(before + recorded, await EventCountAsync(admin));
            await ApiAssert.StatusAsync(await bob.PostAsJsonAsync("/api/patches/1/reviews", new { verdict = "approve", comment = "space again" }), HttpStatusCode.Created);
            Assert.Equal(before + recorded + 1, await EventCountAsync(admin));
            var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
            Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        }
        finally
        {
            Core.Data.SqliteConnectionPool.ClearAllPools();
            Run("umount", "-l", mount);
        }
    }

    private static async Task<int> EventCountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/audit/events")).GetArrayLength();

    // Writes until the file system refuses.
    private static void Fill(string path)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
            while (true) stream.Write(chunk);
        }
        catch (IOException) { }
    }

    private static int Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
