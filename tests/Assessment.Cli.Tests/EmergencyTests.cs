using System.Text.Json;
using static Assessment.Cli.Tests.JsonOutput;

namespace Assessment.Cli.Tests;

// README's emergency walk-through: declared, overdue, changes requested, remedied by a follow-up.
public sealed class EmergencyTests
{
    [Fact]
    public async Task An_emergency_becomes_overdue_and_is_remediated_by_its_follow_up()
    {
        using var server = new CliServer();
        using var git = Assessment.TestSupport.TempGitRepo.Create();
        git.Commit("Initial import", Files(("README", "CAcert web application\n")), "alice", "alice@example.org");
        git.Branch("release");
        var openssl = git.Commit("Upgrade OpenSSL to 1.0.1g", Files(("openssl.version", "1.0.1g\n")), "sam", "sam@example.org");
        await server.App.RegisterRepositoryAsync(CliServer.Repo, git.Path);
        var alice = await server.TokenAsync("alice", "developer");
        var bob = await server.TokenAsync("bob", "assessor");
        var carol = await server.TokenAsync("carol", "assessor");
        var dave = await server.TokenAsync("dave", "tester");
        var erin = await server.TokenAsync("erin", "tester");
        var sam = await server.TokenAsync("sam", "sysadmin");
        var declaredAt = server.App.Clock.GetUtcNow();

        var declared = Parse((await server.AssessInAsync(git.Path, sam, "--json", "emergency", "--repo", CliServer.Repo,
            "--commit", "main", "--title", "Upgrade OpenSSL (Heartbleed)",
            "--reason", "CVE-2014-0160 is remotely exploitable; patched at once.", "--arbitration", "a20140408.1")).Exits(0));
        Assert.Equal((1, "emergency", "awaiting-review", openssl), (declared.Int("id"), declared.Str("kind"), declared.Str("state"), declared.Str("head")));
        Assert.Equal(declaredAt.AddDays(14), declared.GetProperty("reviewDeadline").GetDateTimeOffset());
        Assert.False(declared.Bool("overdue"));
        var production = Assert.Single(declared.Items("deployments"));
        Assert.Equal(("production", openssl, "sam", true), (production.Str("environment"), production.Str("commit"), production.Str("by"), production.Bool("emergency")));

        Assert.Equal("no patches", (await server.AssessAsync(sam, "list", "--overdue")).Exits(0).Stdout.Trim());
        Assert.Empty(Parse((await server.AssessAsync(sam, "--json", "list", "--overdue")).Exits(0)).EnumerateArray());

        server.App.Clock.Advance(TimeSpan.FromDays(15));
        var overdue = Parse((await server.AssessAsync(sam, "--json", "list", "--overdue")).Exits(0));
        var late = Assert.Single(overdue.EnumerateArray());
        Assert.Equal((1, "emergency", "awaiting-review", true), (late.Int("id"), late.Str("kind"), late.Str("state"), late.Bool("overdue")));
        var table = (await server.AssessAsync(sam, "list", "--kind", "emergency")).Exits(0);
        Assert.Matches(@"(?m)^1\s+emergency\s+awaiting-review\s+cacert-devel\s+sam\s+\S+\s+2026-03-16 09:00:00Z OVERDUE\s+Upgrade OpenSSL \(Heartbleed\)$", table.Stdout);

        // The declarer may not review it (a sysadmin is never an assessor: the role rule answers).
        var own = (await server.AssessAsync(sam, "review", "1", "--approve")).Exits(1);
        Assert.Contains("error: action 'approve' may be taken by assessor", own.Stderr, StringComparison.Ordinal);
        Assert.Contains("sam holds sysadmin", own.Stderr, StringComparison.Ordinal);

        Assert.Contains("Patch #1 is awaiting-review", (await server.AssessAsync(bob, "review", "1", "--approve")).Exits(0).Stdout, StringComparison.Ordinal);
        var changes = (await server.AssessAsync(carol, "review", "1", "--request-changes", "--comment", "Also disable TLS heartbeats.")).Exits(0);
        Assert.Contains("Reviewed commit " + openssl + " of patch #1: request-changes.", changes.Stdout, StringComparison.Ordinal);
        Assert.Contains("Patch #1 is changes-requested", changes.Stdout, StringComparison.Ordinal);

        // The remedial change goes through the regular process as a follow-up.
        var remedy = git.Commit("Disable TLS heartbeats", Files(("tls.ini", "heartbeat = off\n")), "alice", "alice@example.org");
        var followUp = Parse((await server.AssessInAsync(git.Path, alice, "--json", "submit", "--repo", CliServer.Repo,
            "--title", "Disable TLS heartbeats", "--base", "main~1", "--head", "main", "--follows", "1")).Exits(0));
        Assert.Equal((2, "regular", "submitted", openssl, remedy, 1),
            (followUp.Int("id"), followUp.Str("kind"), followUp.Str("state"), followUp.Str("base"), followUp.Str("head"), followUp.Int("follows")));

        (await server.AssessAsync(bob, "review", "2", "--approve")).Exits(0);
        (await server.AssessAsync(carol, "review", "2", "--approve")).Exits(0);
        (await server.AssessAsync(bob, "deploy", "2", "--env", "test")).Exits(0);
        (await server.AssessAsync(dave, "test", "2", "--pass")).Exits(0);
        (await server.AssessAsync(erin, "test", "2", "--pass")).Exits(0);
        Assert.Contains("Patch #2 is blessed", (await server.AssessAsync(carol, "bless", "2")).Exits(0).Stdout, StringComparison.Ordinal);
        Assert.Contains("Patch #2 is deployed", (await server.AssessAsync(sam, "deploy", "2", "--env", "production")).Exits(0).Stdout, StringComparison.Ordinal);

        var emergency = Parse((await server.AssessAsync(sam, "--json", "show", "1")).Exits(0));
        Assert.Equal(("remediated", false), (emergency.Str("state"), emergency.Bool("overdue")));
        Assert.Equal([("bob", "approve"), ("carol", "request-changes")], emergency.Items("reviews").Select(r => (r.Str("by"), r.Str("verdict"))));
        Assert.Empty(Parse((await server.AssessAsync(sam, "--json", "list", "--overdue")).Exits(0)).EnumerateArray());
        Assert.Equal(JsonValueKind.Array, Parse((await server.AssessAsync(sam, "--json", "list", "--kind", "emergency")).Exits(0)).ValueKind);
    }
}
