using System.Globalization;
using Assessment.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Bench.Audit;

// (a) Verifying the whole audit log, as GET /api/audit/verify does, against reading and
// hashing the same rows with nothing in between.
internal static class VerifyBench
{
    private const double Goal = 200_000;

    public static async Task RunAsync(BenchOptions o, ResultTable table, CancellationToken ct)
    {
        var n = o.Events;
        var path = Path.Combine(o.CacheDirectory, $"audit-{n}.db");
        Console.Error.WriteLine($"(a) generating {n:N0} audit events in {path}");
        var (generated, _) = await Measure.OnceAsync(async () => { await AuditData.CreateAsync(path, n, ct); return 0; });
        string select;
        await using (var db = BenchDb.Open(path)) select = AuditSql.Of(db).Select;
        var canonical = new List<byte[]>(n);
        Ceilings.ReadAndHash(path, select, canonical);
        table.Note(string.Create(CultureInfo.InvariantCulture,
            $"(a) setup: {n:N0} events (chained with AuditChain.ComputeHash, one INSERT transaction) written in {generated.TotalSeconds:0.0} s; " +
            $"file {new FileInfo(path).Length / 1048576.0:0.0} MB; canonical bytes per event {canonical.Average(b => b.Length):0} on average"));

        Case server = Case.Of(() => ServerPath(path)), ceiling = Case.Of(() => Ceilings.ReadAndHash(path, select)),
            read = Case.Of(() => Ceilings.ReadOnly(path, select)), sha = Case.Of(() => Ceilings.HashOnly(canonical)),
            e1 = Case.Of(() => OnEfConnection(path, c => AuditChain.Verify(AuditSql.Stream(c, select))));
        await Measure.RunAsync(2, o.Repetitions, server, ceiling, read, sha, e1);

        var head = Check(server, n, null);
        table.Add(new Row("a.ef", "verify: EF Core AsNoTracking query + AuditChain.Verify (the server's code path)", "measured",
            server.Measurement, n, "events", Check(server, n, head), Ceiling: "a.ceiling", Goal: Goal));
        table.Add(new Row("a.ceiling", "ceiling: bare SqliteDataReader, all columns + SHA-256 of the same canonical bytes", "ceiling",
            ceiling.Measurement, Expect(ceiling, n), "events", "rows read and hashed"));
        table.Add(new Row("a.read", "ceiling, part: bare SqliteDataReader, all columns, no hashing", "ceiling (part)",
            read.Measurement, Expect(read, n), "events", "rows read"));
        table.Add(new Row("a.sha", "ceiling, part: SHA-256 only, over the canonical bytes held in memory", "ceiling (part)",
            sha.Measurement, Expect(sha, n), "events", "digests"));
        table.Add(new Row("a.e1", "experiment 1: raw DbDataReader on EF's connection + AuditChain.Verify unchanged", "experiment",
            e1.Measurement, n, "events", Check(e1, n, head), Ceiling: "a.ceiling", Goal: Goal));
    }

    // Exactly the endpoint's statement; a new context per call, as per request in the server.
    private static ChainVerification ServerPath(string path)
    {
        using var db = BenchDb.Open(path);
        return AuditChain.Verify(db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).AsEnumerable());
    }

    private static ChainVerification OnEfConnection(string path, Func<System.Data.Common.DbConnection, ChainVerification> verify)
    {
        using var db = BenchDb.Open(path);
        db.Database.OpenConnection();
        try
        {
            return verify(db.Database.GetDbConnection());
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    // A benchmark that verified less than everything, or found the chain broken, measured nothing.
    private static string Check(Case c, int n, string? head)
    {
        var result = (ChainVerification)c.Last!;
        if (!result.Ok || result.Events != n || (head is not null && !string.Equals(head, result.HeadHash, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"verification went wrong: ok={result.Ok}, events={result.Events}, detail={result.Detail}");
        }
        return head is null ? result.HeadHash! : string.Create(CultureInfo.InvariantCulture, $"ok, {result.Events:N0} events, head {head[..12]}");
    }

    private static long Expect(Case c, int n) =>
        (long)c.Last! is var rows && rows == n ? rows : throw new InvalidOperationException($"read {c.Last} rows, expected {n}");
}
