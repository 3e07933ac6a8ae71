using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Git;
using Assessment.Core.Patches;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ApiException = Octokit.ApiException;
using NotFoundException = Octokit.NotFoundException;

namespace Assessment.Core.GitHub;

// A patch submitted from a GitHub pull request: title, Markdown body, base and head come from
// GitHub; the mirror is fetched first so that the commits can be resolved. The patch's author is
// the user mapped to the pull request's GitHub login when there is one, else the caller. The
// link to the pull request is recorded and logged in the same transaction as the submission.
internal sealed class PullRequestSubmission(
    AssessmentDb db, WriteGate gate, AuditLog audit, PatchService patches, GitHubApi api, GitHubMirror mirror, IOptions<GitHubOptions> options)
{
    public const string LinkedEvent = "github.pull-request-linked";

    public async Task<Patch> SubmitAsync(User caller, SubmitPatch request, CancellationToken ct)
    {
        var number = request.GitHubPullRequest!.Value;
        if (number < 1) throw Refusal.Malformed("githubPullRequest: a pull request number (1 or more)");
        if (request.Base is not null || request.Head is not null)
        {
            throw Refusal.Malformed("base, head: they come from the pull request; leave them out with githubPullRequest");
        }
        var name = PatchStore.Required(request.Repository, "repository");
        var repository = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name, ct)
            ?? throw Refusal.Invalid($"repository: '{name}' is not a registered repository");
        var github = repository.GitHub
            ?? throw Refusal.Invalid($"githubPullRequest: repository '{name}' names no GitHub counterpart (register it with \"github\": \"owner/name\")");
        if (await db.GitHubPatches.AsNoTracking().Where(g => g.PullRequest == number)
                .Join(db.Patches.Where(p => p.RepositoryId == repository.Id), g => g.PatchId, p => p.Id, (g, p) => p.Id)
                .FirstOrDefaultAsync(ct) is var existing && existing != 0)
        {
            throw Refusal.Conflict($"githubPullRequest: pull request #{number} is already patch {existing}");
        }
        PullRequestFacts pr;
        try
        {
            pr = await api.PullRequestAsync(github, number, ct);
        }
        catch (NotFoundException)
        {
            throw Refusal.Invalid($"githubPullRequest: {github} has no pull request #{number}");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw Refusal.Upstream($"githubPullRequest: reading {github}#{number} failed: {e.Message}");
        }
        await mirror.FetchAsync(repository, ct);
        string @base;
        using (var repo = GitReader.Open(repository.Path))
        {
            // GitHub's base is the tip of the target branch; the patch starts where the head left it.
            @base = GitReader.MergeBase(repo, GitReader.Resolve(repo, pr.HeadSha, "head"), GitReader.Resolve(repo, pr.BaseSha, "base"))
                ?? throw Refusal.Invalid($"githubPullRequest: #{number}'s head has no history in common with {pr.BaseRef}");
        }
        var author = await AuthorAsync(caller, pr.Login, ct);
        var submit = request with
        {
            Title = string.IsNullOrWhiteSpace(request.Title) ? pr.Title : request.Title,
            Description = request.Description ?? pr.Body,
            Base = @base,
            Head = pr.HeadSha,
        };
        return await gate.RunAsync(db, async t =>
        {
            var patch = await patches.SubmitAsync(author, submit, t);
            // The status reaction made the row with the submission's event.
            var link = db.GitHubPatches.Local.FirstOrDefault(g => g.PatchId == patch.Id);
            if (link is null)
            {
                link = new GitHubPatch { PatchId = patch.Id };
                db.GitHubPatches.Add(link);
            }
            (link.PullRequest, link.PullRequestUrl, link.Login) = (number, pr.Url, pr.Login);
            await audit.AppendAsync(db, new AuditEntry(caller.Name, LinkedEvent,
                new { repository = github, pullRequest = number, url = pr.Url, login = pr.Login, author = author.Name, @base, head = pr.HeadSha },
                patch.Id, pr.HeadSha), t);
            return patch;
        }, ct);
    }

    // The user the pull request's login maps to, when the mapping names one.
    private async Task<User> AuthorAsync(User caller, string? login, CancellationToken ct)
    {
        if (options.Value.UserFor(login) is not { } mapped || string.Equals(mapped, caller.Name, StringComparison.Ordinal)) return caller;
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == mapped, ct)
            ?? throw Refusal.Invalid($"githubPullRequest: the GitHub login '{login}' is mapped to '{mapped}', who is not a user");
    }
}
