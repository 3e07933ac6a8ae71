using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Git;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Pages;

// What the refs of a form name, read from the repository before anything is submitted.
public sealed class RefCheck
{
    internal string? Base { get; init; }
    internal string Head { get; init; } = "";
    internal IReadOnlyList<CommitInfo> Commits { get; init; } = [];

    // A range (submit) or one commit with the range to its optional base (declare); a ref that
    // does not resolve is the service's own refusal, shown on the page.
    internal static async Task<RefCheck> ResolveAsync(AssessmentDb db, string? repository, string? @base, string head, string headField, CancellationToken ct)
    {
        var name = repository?.Trim() ?? "";
        var registered = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name, ct)
            ?? throw Refusal.NotFound($"repository: '{name}' is not registered");
        using var repo = GitReader.Open(registered.Path);
        var resolvedHead = GitReader.Resolve(repo, head.Trim(), headField);
        if (@base is not { Length: > 0 })
        {
            return new RefCheck { Head = resolvedHead, Commits = [GitReader.Info(repo, resolvedHead)] };
        }
        var resolvedBase = GitReader.Resolve(repo, @base.Trim(), "base");
        GitReader.EnsureRange(repo, resolvedBase, resolvedHead);
        return new RefCheck { Base = resolvedBase, Head = resolvedHead, Commits = GitReader.Commits(repo, resolvedBase, resolvedHead) };
    }
}
