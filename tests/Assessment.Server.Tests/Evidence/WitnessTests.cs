using System.Net;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Witness;
using Assessment.TestSupport;
using LibGit2Sharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Evidence;

// Witnessed checkpoints: published to a git repository outside the server's data, hourly while
// events arrive and with every production deployment; a failing witness fails no action.
public sealed class WitnessTests
{
    private static async Task<(Scenario, string Witness)> StartAsync(string? remote = null, Dictionary<string, string?>? more = null)
    {
        var witness = Path.Combine(TempGitRepo.NewTempFolder("witness"), "checkpoints-repo");
        var settings = new Dictionary<string, string?>(more ?? [], StringComparer.Ordinal) { ["Assessment:Witness:Repository"] = witness };
        if (remote is not null) settings["Assessment:Witness:Remote"] = remote;
        return (await Scenario.StartAsync(settings: settings), witness);
    }

    private static WitnessPublisher Publisher(Scenario s) => s.App.Services.GetRequiredService<WitnessPublisher>();

    // The checkpoint commits on the witness branch, newest first (none while the repository is not made).
    private static List<(string Sha, string Message)> Commits(string repository)
    {
        if (!Repository.IsValid(repository)) return [];
        using var repo = new Repository(repository);
        return repo.Branches["main"] is { } main ? [.. main.Commits.Select(c => (c.Sha, c.Message))] : [];
    }

    private static async Task<List<AuditEvent>> EventsAsync(Scenario s, string type)
    {
        await using var scope = s.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Type == type).OrderBy(e => e.Sequence).ToListAsync();
    }

    [Fact]
    public async Task A_production_deployment_publishes_a_signed_checkpoint_pushed_to_the_bare_remote_and_mailed_to_the_system_log()
    {
        var remote = Path.Combine(TempGitRepo.NewTempFolder("witness-remote"), "witness.git");
        Repository.Init(remote, isBare: true);
        var (s, witness) = await StartAsync(remote, new()
        {
            ["Assessment:Mail:Host"] = "127.0.0.1", ["Assessment:Mail:Port"] = "9", ["Assessment:Mail:SystemLog:0"] = "log@example.org",
        });
        using var _ = s;
        await Publisher(s).RoundAsync(CancellationToken.None);
        Assert.Empty(Commits(witness)); // events, but no deployment and not an hour yet

        var id = await s.RegularInStateAsync("deployed");
        await Publisher(s).RoundAsync(CancellationToken.None);

        var deployed = (await s.EventsAsync(id)).Last(e => e.Str("type") == "patch.deployed").Int("sequence");
        var published = Assert.Single(await EventsAsync(s, WitnessPublisher.PublishedEvent));
        var checkpoint = System.Text.Json.JsonSerializer.Deserialize<SignedCheckpoint>(
            System.Text.Json.JsonDocument.Parse(published.Data).RootElement.GetProperty("checkpoint").GetString()!, EvidenceJson.Options)!;
        Assert.True(published.Sequence > checkpoint.Sequence, $"witness.published ({published.Sequence}) before its checkpoint ({checkpoint.Sequence})");
        Assert.True(checkpoint.Sequence >= deployed, $"checkpoint {checkpoint.Sequence} is older than the deployment (event {deployed})");
        Assert.True(Checkpoint.VerifySignature(checkpoint, s.App.Services.GetRequiredService<SigningKey>().PublicKeyPem));

        var commit = Assert.Single(Commits(witness));
        Assert.StartsWith($"checkpoint {checkpoint.Sequence} {checkpoint.Hash}\n", commit.Message, StringComparison.Ordinal);
        Assert.Contains("\"commit\":\"" + commit.Sha + "\"", published.Data, StringComparison.Ordinal);
        var file = Path.Combine(witness, "checkpoints", $"{checkpoint.Sequence:D12}-{checkpoint.Hash[..16]}.json");
        Assert.Equal(checkpoint.ToJson(), await File.ReadAllTextAsync(file));
        Assert.Equal(commit.Sha, Assert.Single(Commits(remote)).Sha); // pushed

        await using var scope = s.App.Services.CreateAsyncScope();
        var mails = await scope.ServiceProvider.GetRequiredService<AssessmentDb>().OutboxMails.AsNoTracking()
            .Where(m => m.EventSequence == published.Sequence).ToListAsync();
        var mail = Assert.Single(mails);
        Assert.Equal("log@example.org", mail.Recipients);
        Assert.Contains(checkpoint.ToJson(), mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_are_published_hourly_while_there_are_new_events_and_not_otherwise()
    {
        var (s, witness) = await StartAsync();
        using var _ = s;
        var publisher = Publisher(s);
        await publisher.RoundAsync(CancellationToken.None);
        Assert.Empty(Commits(witness));

        s.App.Clock.Advance(TimeSpan.FromHours(1));
        await publisher.RoundAsync(CancellationToken.None);
        var first = Assert.Single(Commits(witness));
        Assert.Single(await EventsAsync(s, WitnessPublisher.PublishedEvent));

        // Its own witness.published event is no new event: another hour without actions publishes nothing.
        await publisher.RoundAsync(CancellationToken.None);
        s.App.Clock.Advance(TimeSpan.FromHours(1));
        await publisher.RoundAsync(CancellationToken.None);
        Assert.Equal(first.Sha, Assert.Single(Commits(witness)).Sha);

        // New events after more than an hour: published at once.
        await s.AddUserAsync("zoe", null, "tester");
        await publisher.RoundAsync(CancellationToken.None);
        Assert.Equal(2, Commits(witness).Count);

        // New events within the hour of the last publication: not yet; once the hour is over, published.
        await s.AddUserAsync("yann", null, "tester");
        s.App.Clock.Advance(TimeSpan.FromMinutes(30));
        await publisher.RoundAsync(CancellationToken.None);
        Assert.Equal(2, Commits(witness).Count);
        s.App.Clock.Advance(TimeSpan.FromMinutes(31));
        await publisher.RoundAsync(CancellationToken.None);
        var commits = Commits(witness);
        Assert.Equal(3, commits.Count);
        var (head, _) = await HeadAsync(s);
        Assert.StartsWith($"checkpoint {head - 1} ", commits[0].Message, StringComparison.Ordinal); // the head before witness.published
    }

    [Fact]
    public async Task A_failing_witness_fails_no_deployment_and_is_logged_once()
    {
        var (s, witness) = await StartAsync(remote: Path.Combine(TempGitRepo.NewTempFolder("gone"), "no-such-remote.git"));
        using var _ = s;

        var id = await s.RegularInStateAsync("deployed"); // asserts every step was recorded (201)
        await Publisher(s).RoundAsync(CancellationToken.None);
        await Publisher(s).RoundAsync(CancellationToken.None);

        Assert.Equal("deployed", (await s.PatchAsync(id)).Str("state"));
        Assert.Empty(await EventsAsync(s, WitnessPublisher.PublishedEvent));
        var failed = Assert.Single(await EventsAsync(s, WitnessPublisher.FailedEvent));
        Assert.Contains("no-such-remote.git", failed.Data, StringComparison.Ordinal);
        Assert.Single(Commits(witness)); // committed locally; only the push failed
        await ApiAssert.StatusAsync(await s["audrey"].GetAsync("/api/audit/verify"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_broken_chain_publishes_nothing()
    {
        var (s, witness) = await StartAsync();
        using var _ = s;
        s.App.ExecuteSql(s.App.DropAppendOnlyTriggersSql + """UPDATE "AuditEvents" SET "Actor" = 'mallory' WHERE "Sequence" = 2""");
        s.App.Clock.Advance(TimeSpan.FromHours(2));
        await Publisher(s).RoundAsync(CancellationToken.None);
        Assert.Empty(Commits(witness));
        Assert.Empty(await EventsAsync(s, WitnessPublisher.PublishedEvent));
    }

    private static async Task<(long, string)> HeadAsync(Scenario s)
    {
        await using var scope = s.App.Services.CreateAsyncScope();
        return await AuditLog.HeadAsync(scope.ServiceProvider.GetRequiredService<AssessmentDb>(), CancellationToken.None);
    }
}
