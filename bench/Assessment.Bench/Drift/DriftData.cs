using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Bench.Drift;

// The drift database: one registered repository and deployed patches covering its history,
// inserted as rows (the workflow that leads there is not what is measured).
internal sealed class DriftData(string databasePath)
{
    private const string Name = "bench";
    private readonly WriteGate gate = new();
    private readonly AuditLog audit = new(TimeProvider.System);

    public async Task CreateAsync(string repositoryPath, string @base, string head, CancellationToken ct)
    {
        await BenchDb.CreateAsync(databasePath, ct);
        await using var db = BenchDb.Open(databasePath);
        var repository = new GitRepository
        {
            Name = Name,
            Path = repositoryPath,
            ProductionBranch = History.Branch,
            CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.Repositories.Add(repository);
        db.Patches.Add(Deployed(repository, @base, head, "The history before the benchmark"));
        await db.SaveChangesAsync(ct);
    }

    public async Task AddDeployedPatchAsync(string @base, string head, CancellationToken ct)
    {
        await using var db = BenchDb.Open(databasePath);
        var repository = await db.Repositories.FirstAsync(r => r.Name == Name, ct);
        db.Patches.Add(Deployed(repository, @base, head, "The ten new commits"));
        await db.SaveChangesAsync(ct);
    }

    public async Task SetExplainedThroughAsync(string? commit, CancellationToken ct)
    {
        await using var db = BenchDb.Open(databasePath);
        await db.Repositories.Where(r => r.Name == Name)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExplainedThrough, commit), ct);
    }

    // As GET /api/repositories/{name}/drift does it: a fresh context, the repository read
    // without tracking, the production branch's tip.
    public async Task<DriftResult> CheckAsync(CancellationToken ct)
    {
        await using var db = BenchDb.Open(databasePath);
        var repository = await db.Repositories.AsNoTracking().FirstAsync(r => r.Name == Name, ct);
        return await CommitDrift.CheckAsync(db, gate, audit, repository, null, "bench", ct);
    }

    private static Patch Deployed(GitRepository repository, string @base, string head, string title)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new Patch
        {
            Kind = "regular",
            State = "deployed",
            Title = title,
            Repository = repository,
            Author = "alice",
            Base = @base,
            Head = head,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
            Blessing = new Blessing { By = "carol", Commit = head, At = now },
        };
    }
}
