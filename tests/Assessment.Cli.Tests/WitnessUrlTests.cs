using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Core.Evidence;
using Assessment.Core.Git;
using Assessment.Core.Witness;
using Assessment.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// A witness given as a clone URL (Assessment:Witness:Repository = file://.../witness.git): the
// server commits in a copy in its data directory and pushes to the URL, and `assess audit verify
// --since URL` reads the checkpoints from there.
public sealed class WitnessUrlTests
{
    [Fact]
    public async Task A_witness_configured_as_a_clone_url_receives_the_checkpoint_and_audit_verify_since_the_url_accepts_it()
    {
        var bare = Path.Combine(TempGitRepo.NewTempFolder("witness-url"), "witness.git");
        LibGit2Sharp.Repository.Init(bare, isBare: true);
        var url = new Uri(bare).AbsoluteUri;
        Assert.StartsWith("file:///", url, StringComparison.Ordinal);
        try
        {
            using var server = new CliServer(new Dictionary<string, string?> { ["Assessment:Witness:Repository"] = url });
            using var git = TempGitRepo.Create();
            git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
            git.Branch("release");
            var openssl = git.Commit("Upgrade OpenSSL to 1.0.1g", Files(("openssl.version", "1.0.1g\n")), "sam", "sam@example.org");
            await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
            var audrey = await server.TokenAsync("audrey", "auditor");
            using (var sam = server.App.As(await server.TokenAsync("sam", "sysadmin")))
            {
                using var declared = await sam.PostAsJsonAsync("/api/emergencies", new
                {
                    repository = CliServer.Repo, commit = openssl, title = "Upgrade OpenSSL (Heartbleed)", reason = "CVE-2014-0160",
                });
                Assert.True(declared.IsSuccessStatusCode, await declared.Content.ReadAsStringAsync());
            }
            await server.App.Services.GetRequiredService<WitnessPublisher>().RoundAsync(CancellationToken.None);

            var pushed = Assert.Single(WitnessRepository.ReadAll(bare), e => e.Source.StartsWith(WitnessRepository.Folder + "/", StringComparison.Ordinal));
            var checkpoint = JsonSerializer.Deserialize<SignedCheckpoint>(pushed.Json, EvidenceJson.Options)!;
            using var admin = server.App.Admin;
            var events = (await admin.GetFromJsonAsync<JsonElement>("/api/audit/events")).EnumerateArray().ToList();
            var declaredAt = events.First(e => e.Str("type") == "emergency.declared").GetProperty("sequence").GetInt64();
            Assert.True(checkpoint.Sequence >= declaredAt, $"checkpoint {checkpoint.Sequence} is older than the production deployment (event {declaredAt})");
            var published = events.Last(e => e.Str("type") == WitnessPublisher.PublishedEvent);
            Assert.Equal(url, published.GetProperty("data").Str("repository"));

            var ok = (await server.AssessAsync(audrey, "audit", "verify", "--since", url)).Exits(0);
            Assert.Contains($"the log extends all 1 checkpoint(s) of {url} (the latest at {checkpoint.Sequence})", ok.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            TempGitRepo.DeleteFolder(Path.GetDirectoryName(bare)!);
        }
    }
}
