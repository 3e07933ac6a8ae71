using Microsoft.Extensions.Options;
using Octokit;

namespace Assessment.Core.GitHub;

internal sealed record PullRequestFacts(
    int Number, string Title, string Body, string BaseSha, string HeadSha, string BaseRef, string? Login, string Url, string State, bool Merged);

// The GitHub REST calls Assessment makes, through Octokit: read a pull request, learn where to
// fetch the repository from, post a commit status. One client per server (Octokit's is thread-safe).
internal sealed class GitHubApi(IOptions<GitHubOptions> options)
{
    private static readonly ProductHeaderValue Product = new("Assessment");

    private GitHubClient Client => field ??= Create(options.Value);

    public async Task<PullRequestFacts> PullRequestAsync(string repository, int number, CancellationToken ct)
    {
        var (owner, name) = Split(repository);
        ct.ThrowIfCancellationRequested();
        var pr = await Client.PullRequest.Get(owner, name, number);
        return new PullRequestFacts(pr.Number, pr.Title ?? "", pr.Body ?? "", pr.Base.Sha, pr.Head.Sha, pr.Base.Ref, pr.User?.Login,
            pr.HtmlUrl ?? "", pr.State.StringValue, pr.Merged);
    }

    // Where git fetches the repository from (GitHub names it; for Enterprise another host).
    public async Task<string> CloneUrlAsync(string repository, CancellationToken ct)
    {
        var (owner, name) = Split(repository);
        ct.ThrowIfCancellationRequested();
        var repo = await Client.Repository.Get(owner, name);
        return repo.CloneUrl;
    }

    public async Task PostStatusAsync(string repository, string sha, string state, string description, string? targetUrl, CancellationToken ct)
    {
        var (owner, name) = Split(repository);
        ct.ThrowIfCancellationRequested();
        await Client.Repository.Status.Create(owner, name, sha, new NewCommitStatus
        {
            State = state switch
            {
                "success" => CommitState.Success,
                "failure" => CommitState.Failure,
                "error" => CommitState.Error,
                _ => CommitState.Pending,
            },
            Description = description,
            Context = StatusWording.Context,
            TargetUrl = targetUrl,
        });
    }

    public string? Token => string.IsNullOrWhiteSpace(options.Value.Token) ? null : options.Value.Token;

    private static GitHubClient Create(GitHubOptions o)
    {
        var client = new GitHubClient(Product, new Uri(string.IsNullOrWhiteSpace(o.ApiUrl) ? GitHubOptions.GitHubComApi : o.ApiUrl));
        if (!string.IsNullOrWhiteSpace(o.Token)) client.Credentials = new Credentials(o.Token);
        // An unreachable GitHub must not hold an action or the outbox for Octokit's default 100 s.
        client.SetRequestTimeout(TimeSpan.FromSeconds(20));
        return client;
    }

    private static (string Owner, string Name) Split(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return (repository[..slash], repository[(slash + 1)..]);
    }
}
