using System.Text.RegularExpressions;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Git;

internal sealed partial class RepositoryService(AssessmentDb db, WriteGate gate, AuditLog audit, TimeProvider clock)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();

    // baseline: production as it ran before Assessment took over; its whole history counts as
    // explained, so the first drift check reports only what came after it.
    public Task<GitRepository> RegisterAsync(
        User actor, string? name, string? path, string? productionBranch, CancellationToken ct, string? baseline = null)
    {
        if (string.IsNullOrWhiteSpace(name) || !NamePattern().IsMatch(name))
        {
            throw Problem.BadRequest("name: required; letters, digits, '.', '_' or '-'");
        }
        if (string.IsNullOrWhiteSpace(path)) throw Problem.BadRequest("path: required");
        var fullPath = Path.GetFullPath(path);
        GitReader.EnsureRepository(fullPath);
        var branch = string.IsNullOrWhiteSpace(productionBranch) ? "release" : productionBranch.Trim();
        string? baselineSha = null;
        if (!string.IsNullOrWhiteSpace(baseline))
        {
            using var repo = GitReader.Open(fullPath);
            baselineSha = GitReader.Resolve(repo, baseline, "baseline");
        }
        return gate.RunAsync(db, async t =>
        {
            if (await db.Repositories.AnyAsync(r => r.Name == name, t))
            {
                throw Problem.Conflict($"name: repository '{name}' is already registered");
            }
            var repo = new GitRepository
            {
                Name = name, Path = fullPath, ProductionBranch = branch, CreatedAt = clock.GetUtcNow(), ExplainedThrough = baselineSha,
            };
            db.Repositories.Add(repo);
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "repository.registered",
                new { name, path = fullPath, productionBranch = branch, baseline = baselineSha }), t);
            return repo;
        }, ct);
    }
}
