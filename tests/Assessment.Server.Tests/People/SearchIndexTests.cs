using System.Data.Common;
using System.Net;
using Assessment.Core.Data;
using Assessment.TestSupport;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.People;

// GET /api/patches?q= looks a term of three characters or more up in a trigram index (SQLite
// FTS5, PostgreSQL pg_trgm) and finds what the substring rule finds: title and description
// anywhere, any case; bug and commit shas by their start; a shorter term still by a scan.
public sealed class SearchIndexTests
{
    [Fact]
    public async Task The_index_finds_what_the_rule_finds_for_short_terms_case_sha_prefixes_and_old_revisions()
    {
        using var s = await Scenario.StartAsync();
        var escape = await s.SubmitAsync(); // "Escape user names", "Fixes an *XSS* in `account.php`.", bug 1234, head Fix2
        var openssl = (await s.CreatedAsync("frank", "/api/patches", new
        {
            repository = Scenario.Repo, title = "Upgrade OpenSSL", description = "Against **Heartbleed**.",
            @base = s.Revision2, head = s.Openssl, bug = "998",
        })).Int("id");

        Assert.Equal([escape], await IdsAsync(s, "XsS"));
        Assert.Equal([openssl], await IdsAsync(s, "ssl"));
        Assert.Equal([openssl], await IdsAsync(s, "EED"));
        Assert.Equal([escape], await IdsAsync(s, "123"));
        Assert.Empty(await IdsAsync(s, "234")); // a bug matches by its start only
        // Shorter than a trigram: matched all the same.
        Assert.Equal([openssl], await IdsAsync(s, "Op"));
        Assert.Equal([escape, openssl], await IdsAsync(s, "a"));
        Assert.Equal([openssl], await IdsAsync(s, "99"));
        // Shas by their start, in any case; the middle of a sha is not a match.
        Assert.Equal([openssl], await IdsAsync(s, s.Openssl[..7].ToUpperInvariant()));
        Assert.Equal([escape], await IdsAsync(s, s.Fix2[..3]));
        Assert.Empty(await IdsAsync(s, s.Openssl[1..8]));
        // The index's own syntax and LIKE's wildcards are plain characters of the term.
        Assert.Empty(await IdsAsync(s, "\"XSS\""));
        Assert.Empty(await IdsAsync(s, "a%e"));
        Assert.Empty(await IdsAsync(s, "a_c"));

        // Revised: the patch's head moves on, and its first head still finds it (the revisions'
        // heads are searched). The index followed the revision.
        await ApiAssert.StatusAsync(await s.ReviewAsync(escape, "bob", "request-changes"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviseAsync(escape, "alice", s.Revision2), HttpStatusCode.Created);
        Assert.Equal([escape], await IdsAsync(s, s.Fix2[..10]));
        Assert.Equal([escape, openssl], await IdsAsync(s, s.Revision2[..8]));
    }

    [Fact]
    public async Task A_search_walks_the_trigram_index_not_the_patches()
    {
        var plans = new PlanRecorder();
        using var s = await Scenario.StartAsync(services: plans.AddTo);
        var escape = await s.SubmitAsync();

        Assert.Equal([escape], await IdsAsync(s, "user"));
        var plan = Assert.Single(plans.Plans);
        if (s.App.IsPostgreSQL)
        {
            Assert.Contains("IX_Patches_Title_Trigram", plan, StringComparison.Ordinal);
            Assert.Contains("IX_Revisions_Head_Trigram", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on \"Patches\"", plan, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("VIRTUAL TABLE INDEX", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("SCAN p\n", plan + "\n", StringComparison.Ordinal);
        }

        // A term shorter than a trigram is not looked up in the FTS5 table, which finds nothing
        // for it. (PostgreSQL may still choose to scan a pg_trgm index for the LIKE itself.)
        plans.Plans.Clear();
        Assert.Equal([escape], await IdsAsync(s, "us"));
        if (!s.App.IsPostgreSQL) Assert.DoesNotContain(plans.Plans, p => p.Contains("VIRTUAL TABLE", StringComparison.Ordinal));
    }

    private static async Task<List<int>> IdsAsync(Scenario s, string term) =>
        [.. (await s.GetAsync("admin", $"/api/patches?q={Uri.EscapeDataString(term)}")).EnumerateArray().Select(p => p.Int("id"))];

    // The plan of each command the search sends (tagged by PatchSearch), asked of the database on
    // the same connection just before the command runs. On PostgreSQL sequential scans are priced
    // out, as a table of 100,000 patches prices them, so that a test's few rows show whether an index can serve.
    private sealed class PlanRecorder : DbCommandInterceptor
    {
        public List<string> Plans { get; } = [];

        public void AddTo(IServiceCollection services)
        {
            services.ConfigureDbContext<SqliteAssessmentDb>(b => b.AddInterceptors(this));
            services.ConfigureDbContext<PostgresAssessmentDb>(b => b.AddInterceptors(this));
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!command.CommandText.Contains("-- patch search", StringComparison.Ordinal)) return result;
            var postgres = eventData.Context is PostgresAssessmentDb;
            if (postgres) await RunAsync(command, "SET enable_seqscan = off", cancellationToken);
            using var explain = command.Connection!.CreateCommand();
            explain.Transaction = command.Transaction;
            explain.CommandText = (postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.CommandText;
            foreach (DbParameter p in command.Parameters)
            {
                var copy = explain.CreateParameter();
                copy.ParameterName = p.ParameterName;
                copy.Value = p.Value;
                copy.DbType = p.DbType;
                explain.Parameters.Add(copy);
            }
            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) lines.Add(reader.GetString(postgres ? 0 : 3));
            }
            if (postgres) await RunAsync(command, "RESET enable_seqscan", cancellationToken);
            lock (Plans) Plans.Add(string.Join('\n', lines));
            return result;
        }

        private static async Task RunAsync(DbCommand command, string sql, CancellationToken ct)
        {
            using var set = command.Connection!.CreateCommand();
            set.Transaction = command.Transaction;
            set.CommandText = sql;
            await set.ExecuteNonQueryAsync(ct);
        }
    }
}
