using System.Security.Cryptography;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Bench.Verify;

// A database of N patches, each with the records of a whole regular life (two approvals, a test
// deployment, two passes, a blessing, a production deployment) and their events as the patch
// service writes them, appended by the server's own appender after the workflow.loaded event of
// the real workflows/regular.md; made once per N in bench/.cache. The records check must find
// nothing in it: a finding means the copy of the service's events has drifted from the service.
internal static class RecordSeed
{
    private const int Batch = 250;

    public static async Task<string> EnsureAsync(string cache, int patches, CancellationToken ct)
    {
        var path = Path.Combine(cache, $"records-{patches}.db");
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(cache);
        var partial = path + ".partial";
        foreach (var f in new[] { partial, partial + "-wal", partial + "-shm" }) File.Delete(f);
        var file = Path.Combine(Repo.Root(), "workflows", "regular.md");
        var markdown = await File.ReadAllTextAsync(file, ct);
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file, ct)));
        var kind = Path.GetFileNameWithoutExtension(file);
        var clock = new SteppingClock();
        await using (var db = SqliteAssessmentDb.Open(partial))
        {
            await db.Database.MigrateAsync(ct);
            var log = new AuditLog(clock);
            var repo = new GitRepository { Name = "cacert-devel", Path = "/srv/git/cacert-devel", ProductionBranch = "release", CreatedAt = clock.GetUtcNow() };
            db.Repositories.Add(repo);
            await log.AppendAsync(db, new AuditEntry("system", "workflow.loaded",
                new { name = kind, file = Path.GetFileName(file), title = "Regular patch", markdown }, WorkflowHash: hash), ct);
            await db.SaveChangesAsync(ct);
            for (var done = 0; done < patches;)
            {
                var batch = new List<Patch>();
                for (var i = 0; i < Batch && done < patches; i++, done++)
                {
                    var head = Hex($"h{done}");
                    batch.Add(new Patch
                    {
                        Kind = kind, State = "deployed", Title = $"Raise the minimum RSA key size ({done})", RepositoryId = repo.Id, Author = "alice",
                        Base = Hex($"b{done}"), Head = head, CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
                    });
                }
                // One transaction a batch; the tracker cleared after each patch, as the appender
                // looks through the tracked events for the newest.
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                db.Patches.AddRange(batch);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                foreach (var p in batch)
                {
                    await LifeAsync(db, log, clock, p, hash, ct);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
                await tx.CommitAsync(ct);
                if (done % 10_000 == 0) Console.Error.WriteLine($"  seeded {done:N0} patches");
            }
        }
        SqliteConnection.ClearAllPools();
        File.Move(partial, path);
        return path;
    }

    // The events' data as PatchService writes them: action, from, to, revision, details.
    private static async Task LifeAsync(AssessmentDb db, AuditLog log, TimeProvider clock, Patch p, string workflow, CancellationToken ct)
    {
        var commit = p.Head;
        async Task<AuditEvent> Event(string actor, string type, string action, string from, string to, object details) =>
            await log.AppendAsync(db, new AuditEntry(actor, type, new { action, from, to, revision = 1, details }, p.Id, commit, workflow), ct);

        await log.AppendAsync(db, new AuditEntry("alice", "patch.submitted",
            new { action = "submit", to = "submitted", repository = "cacert-devel", title = p.Title, @base = p.Base, bug = (string?)null, follows = (int?)null },
            p.Id, commit, workflow), ct);
        foreach (var (by, to) in new[] { ("bob", "submitted"), ("carol", "reviewed") })
        {
            db.Reviews.Add(new Review { PatchId = p.Id, By = by, Verdict = "approve", Comment = "Read the whole diff.", Commit = commit, Revision = 1, At = clock.GetUtcNow() });
            await Event(by, "patch.reviewed", "approve", "submitted", to, new { verdict = "approve", comment = "Read the whole diff." });
        }
        db.Deployments.Add(new Deployment { PatchId = p.Id, Environment = "test", EnvironmentKind = "test", Commit = commit, By = "bob", Revision = 1, At = clock.GetUtcNow() });
        await Event("bob", "patch.deployed", "deploy-test", "reviewed", "on-test", new { environment = "test" });
        foreach (var (by, to) in new[] { ("dave", "on-test"), ("erin", "tested") })
        {
            db.Tests.Add(new TestRecord { PatchId = p.Id, By = by, Result = "pass", Comment = "Keys of 1024 bits refused.", Commit = commit, Revision = 1, At = clock.GetUtcNow() });
            await Event(by, "patch.tested", "pass", "on-test", to, new { result = "pass", comment = "Keys of 1024 bits refused." });
        }
        var blessed = await Event("carol", "patch.blessed", "bless", "tested", "blessed", new { comment = "Blessed." });
        db.Blessings.Add(new Blessing { PatchId = p.Id, By = "carol", Comment = "Blessed.", Commit = commit, At = clock.GetUtcNow(), EventSequence = blessed.Sequence });
        db.Deployments.Add(new Deployment { PatchId = p.Id, Environment = "production", EnvironmentKind = "production", Commit = commit, By = "sam", Revision = 1, At = clock.GetUtcNow() });
        await Event("sam", "patch.deployed", "deploy-production", "blessed", "deployed", new { environment = "production" });
    }

    private static string Hex(string seed) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)))[..40];

    // A second per event, from a fixed start: the same file on every machine.
    private sealed class SteppingClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private long _seconds;

        public override DateTimeOffset GetUtcNow() => Start.AddSeconds(Interlocked.Increment(ref _seconds));
    }
}
