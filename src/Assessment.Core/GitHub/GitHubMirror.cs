using Assessment.Core.Data;
using Assessment.Core.Git;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Octokit;

namespace Assessment.Core.GitHub;

// Brings a repository's local mirror up to date with its GitHub counterpart before commits are
// resolved in it. GitHub names the address to fetch from; the token goes along as credentials.
internal sealed class GitHubMirror(GitHubApi api, ILogger<GitHubMirror> log)
{
    // Before commits a person named are resolved in a repository (by name, or a patch's). GitHub
    // unreachable: the mirror answers with what it has (and says nothing it does not have).
    public async Task TryFetchAsync(AssessmentDb db, string? repositoryName, int? patchId, CancellationToken ct)
    {
        var repository = patchId is { } id
            ? await db.Patches.AsNoTracking().Where(p => p.Id == id).Select(p => p.Repository).FirstOrDefaultAsync(ct)
            : await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Name == repositoryName, ct);
        if (repository?.GitHub is null) return;
        try
        {
            await FetchAsync(repository, ct);
        }
        catch (Refusal p) when (p.Kind == RefusalKind.UpstreamUnavailable)
        {
            // Logged by FetchAsync; what the mirror has may be enough.
        }
    }

    public async Task FetchAsync(GitRepository repository, CancellationToken ct)
    {
        if (repository.GitHub is not { } github) return;
        try
        {
            GitMirror.EnsureExists(repository.Path);
            var url = await api.CloneUrlAsync(github, ct);
            await GitMirror.FetchAsync(repository.Path, url, api.Token, ct);
        }
        catch (Exception e) when ((e is ApiException or HttpRequestException or TaskCanceledException || GitReader.IsGitFailure(e)) && !ct.IsCancellationRequested)
        {
            log.LogWarning("Fetching {Repository} from GitHub ({GitHub}) failed: {Message}", repository.Name, github, e.Message);
            throw Refusal.Upstream($"github: fetching {github} failed: {e.Message}");
        }
    }
}
