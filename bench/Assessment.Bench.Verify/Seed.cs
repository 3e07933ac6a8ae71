using System.Security.Cryptography;
using System.Text;
using Assessment.Core.Data;
using Assessment.Core.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Bench.Verify;

// A log of N events made by the server's own appender (AuditLog.AppendAsync) in a SQLite file
// made by the server's own model and migrations, cached by N: made once, reused by later runs.
internal static class Seed
{
    // AppendAsync looks through the context's pending events for the newest: small batches keep that cheap.
    private const int Batch = 200;

    private static readonly string[] Types =
        ["patch.submitted", "patch.reviewed", "patch.reviewed", "patch.deployed", "patch.tested", "patch.blessed", "drift.checked"];

    private static readonly string[] Actors = ["alice", "bob", "carol", "dave", "erin", "Zoë"];

    public static async Task<string> EnsureAsync(string cache, long events, CancellationToken ct)
    {
        var path = Path.Combine(cache, $"verify-{events}.db");
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(cache);
        var partial = path + ".partial";
        foreach (var f in new[] { partial, partial + "-wal", partial + "-shm" }) File.Delete(f);
        await using (var db = SqliteAssessmentDb.Open(partial))
        {
            await db.Database.MigrateAsync(ct);
            var log = new AuditLog(new SteppingClock());
            var workflow = Hex("workflows/regular.md", 64);
            for (long done = 0; done < events;)
            {
                for (var i = 0; i < Batch && done < events; i++, done++) await log.AppendAsync(db, Entry(done + 1, workflow), ct);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                if (done % 100_000 == 0) Console.Error.WriteLine($"  seeded {done:N0} events");
            }
        }
        SqliteConnection.ClearAllPools();
        File.Move(partial, path);
        return path;
    }

    private static AuditEntry Entry(long n, string workflow)
    {
        var type = Types[n % Types.Length];
        var actor = Actors[n % Actors.Length];
        if (!type.StartsWith("patch.", StringComparison.Ordinal))
        {
            return new AuditEntry(actor, type, new { repository = "cacert-devel", production = Hex($"p{n}", 40), uncovered = 0 });
        }
        var patch = (int)(n / Types.Length) + 1;
        var data = new
        {
            patch, title = $"Raise the minimum RSA key size to 2048 bits (step {n})", verdict = "approve",
            note = "Read the whole diff; the \"min_rsa_bits\" default & its tests agree with the policy.",
        };
        return new AuditEntry(actor, type, data, patch, Hex($"c{n}", 40), workflow);
    }

    private static string Hex(string seed, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];

    // A second per event, from a fixed start: the same file on every machine.
    private sealed class SteppingClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private long _ticks;

        public override DateTimeOffset GetUtcNow() => Start.AddSeconds(Interlocked.Increment(ref _ticks)).AddTicks(1234);
    }
}
