using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Workflow;
using Assessment.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Assessment.Core.Tests.Evidence;

// A real, migrated SQLite file for the report and drift tests, with rows written directly:
// these tests are about what is read back, the workflow rules are tested elsewhere.
internal sealed class ReportTestDb : IDisposable
{
    private readonly string _folder = TempGitRepo.NewTempFolder("db");

    private ReportTestDb()
    {
        Db = SqliteAssessmentDb.Open(Path.Combine(_folder, "assessment.db"));
        Audit = new AuditLog(Clock);
    }

    public AssessmentDb Db { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    public WriteGate Gate { get; } = new();
    public AuditLog Audit { get; }
    public WorkflowEngine Engine { get; } = new(WorkflowLoader.LoadDirectory(RepoRoot.Workflows));

    // blessCovered: blessed and deployed patches carry the blessing of their head, as the engine
    // leaves them (drift counts a regular patch as covering once it is blessed).
    public static async Task<ReportTestDb> CreateAsync(bool blessCovered = false)
    {
        var db = new ReportTestDb { _blessCovered = blessCovered };
        await db.Db.Database.MigrateAsync();
        return db;
    }

    public async Task<GitRepository> RepositoryAsync(string path, string name = "cacert", string productionBranch = "release")
    {
        var repo = new GitRepository { Name = name, Path = path, ProductionBranch = productionBranch, CreatedAt = Clock.GetUtcNow() };
        Db.Repositories.Add(repo);
        await Db.SaveChangesAsync();
        return repo;
    }

    public async Task<Patch> PatchAsync(GitRepository repo, string kind, string state, string @base, string head, string title = "a patch",
        Action<Patch>? more = null)
    {
        var now = Clock.GetUtcNow();
        var patch = new Patch
        {
            Kind = kind, State = state, Title = title, RepositoryId = repo.Id, Author = "alice", Base = @base, Head = head,
            CreatedAt = now, UpdatedAt = now,
        };
        // A declared patch (an emergency) names who declared it, as the service records it.
        if (kind == "emergency") patch.DeclaredBy = "sam";
        Bless(patch, state);
        more?.Invoke(patch);
        Db.Patches.Add(patch);
        await Db.SaveChangesAsync();
        return patch;
    }

    public async Task SetStateAsync(Patch patch, string state)
    {
        patch.State = state;
        Bless(patch, state);
        await Db.SaveChangesAsync();
    }

    private bool _blessCovered;

    private void Bless(Patch patch, string state)
    {
        if (_blessCovered && state is "blessed" or "deployed" && patch.Blessing is null)
        {
            patch.Blessing = new Blessing { By = "carol", Commit = patch.Head, At = Clock.GetUtcNow() };
        }
    }

    public async Task<List<AuditEvent>> EventsAsync(string type) =>
        await Db.AuditEvents.AsNoTracking().Where(e => e.Type == type).OrderBy(e => e.Sequence).ToListAsync();

    public void Dispose()
    {
        Db.Dispose();
        SqliteConnection.ClearAllPools();
        TempGitRepo.DeleteFolder(_folder);
    }
}
