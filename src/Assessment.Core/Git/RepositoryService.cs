using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Input;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Git;

internal sealed class RepositoryService(AssessmentDb db, WriteGate gate, AuditLog audit, TimeProvider clock)
{
    // baseline: production as it ran before Assessment took over; its whole history counts as
    // explained, so the first drift check reports only what came after it.
    public Task<GitRepository> RegisterAsync(
        User actor, string? name, string? path, string? productionBranch, CancellationToken ct, string? baseline = null)
    {
        var checkedName = Fields.Name(name, "name");
        var fullPath = Path.GetFullPath(Fields.Required(path, "path", Fields.PathMax));
        GitReader.EnsureRepository(fullPath);
        var branch = Fields.Line(productionBranch, "productionBranch", Fields.RefMax) ?? "release";
        string? baselineSha = null;
        if (!string.IsNullOrWhiteSpace(baseline))
        {
            using var repo = GitReader.Open(fullPath);
            baselineSha = GitReader.Resolve(repo, baseline, "baseline");
        }
        return gate.RunAsync(db, async t =>
        {
            if (await db.Repositories.AnyAsync(r => r.Name == checkedName, t))
            {
                throw Problem.Conflict($"name: repository '{checkedName}' is already registered");
            }
            var repo = new GitRepository
            {
                Name = checkedName, Path = fullPath, ProductionBranch = branch, CreatedAt = clock.GetUtcNow(), ExplainedThrough = baselineSha,
            };
            db.Repositories.Add(repo);
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "repository.registered",
                new { name = checkedName, path = fullPath, productionBranch = branch, baseline = baselineSha }), t);
            return repo;
        }, ct);
    }
}
