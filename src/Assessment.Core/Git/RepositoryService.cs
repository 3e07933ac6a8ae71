using System.Text.RegularExpressions;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Git;

internal sealed partial class RepositoryService(AssessmentDb db, WriteGate gate, AuditLog audit, TimeProvider clock)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();

    public Task<GitRepository> RegisterAsync(User actor, string? name, string? path, string? productionBranch, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || !NamePattern().IsMatch(name))
        {
            throw Problem.BadRequest("name: required; letters, digits, '.', '_' or '-'");
        }
        if (string.IsNullOrWhiteSpace(path)) throw Problem.BadRequest("path: required");
        var fullPath = Path.GetFullPath(path);
        GitReader.EnsureRepository(fullPath);
        var branch = string.IsNullOrWhiteSpace(productionBranch) ? "release" : productionBranch.Trim();
        return gate.RunAsync(db, async t =>
        {
            if (await db.Repositories.AnyAsync(r => r.Name == name, t))
            {
                throw Problem.Conflict($"name: repository '{name}' is already registered");
            }
            var repo = new GitRepository { Name = name, Path = fullPath, ProductionBranch = branch, CreatedAt = clock.GetUtcNow() };
            db.Repositories.Add(repo);
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "repository.registered",
                new { name, path = fullPath, productionBranch = branch }), t);
            return repo;
        }, ct);
    }
}
