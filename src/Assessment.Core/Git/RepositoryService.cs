using System.Text.RegularExpressions;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Input;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Git;

internal sealed partial class RepositoryService(
    AssessmentDb db, WriteGate gate, AuditLog audit, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AssessmentOptions> options)
{
    [GeneratedRegex("^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex GitHubPattern();

    // baseline: production as it ran before Assessment took over; its whole history counts as
    // explained, so the first drift check reports only what came after it.
    public Task<GitRepository> RegisterAsync(
        User actor, string? name, string? path, string? productionBranch, CancellationToken ct, string? baseline = null, string? github = null)
    {
        if (github is not null && !GitHubPattern().IsMatch(github))
        {
            throw Refusal.Malformed("github: 'owner/name' of the repository on GitHub");
        }
        var checkedName = Fields.Name(name, "name");
        string fullPath;
        if (github is not null)
        {
            // A GitHub repository is read from the server's own mirror, made here when missing
            // and fetched before commits are resolved in it.
            fullPath = Path.GetFullPath(Fields.Line(path, "path", Fields.PathMax)
                ?? Path.Combine(options.Value.DataDirectory, "github", github.Replace('/', Path.DirectorySeparatorChar) + ".git"));
            GitMirror.EnsureExists(fullPath);
        }
        else
        {
            fullPath = Path.GetFullPath(Fields.Required(path, "path", Fields.PathMax));
        }
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
                throw Refusal.Conflict($"name: repository '{checkedName}' is already registered");
            }
            var repo = new GitRepository
            {
                Name = checkedName, Path = fullPath, ProductionBranch = branch, CreatedAt = clock.GetUtcNow(), ExplainedThrough = baselineSha,
                GitHub = github,
            };
            db.Repositories.Add(repo);
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "repository.registered",
                new { name = checkedName, path = fullPath, productionBranch = branch, baseline = baselineSha, github }), t);
            return repo;
        }, ct);
    }

    // Fail open trades the gate's guarantee for availability; the choice and who made it are logged.
    public Task<GitRepository> SetGateAsync(User actor, string name, bool? failOpen, string? motion, CancellationToken ct)
    {
        if (failOpen is not { } open) throw Refusal.Malformed("failOpen: required, true or false");
        var motionRef = Fields.Line(motion, "motion", 100);
        return gate.RunAsync(db, async t =>
        {
            var repo = await db.Repositories.FirstOrDefaultAsync(r => r.Name == name, t)
                ?? throw Refusal.NotFound($"repository '{name}' is not registered");
            var before = repo.GateFailOpen;
            repo.GateFailOpen = open;
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "repository.gate-changed",
                new { name, failOpen = open, before, motion = motionRef }), t);
            return repo;
        }, ct);
    }
}
