namespace Assessment.Core.GitHub;

// The "Assessment:GitHub" section. The token may come from the environment
// (Assessment__GitHub__Token) and is never logged, returned or written to the log.
internal sealed class GitHubOptions
{
    public const string GitHubComApi = "https://api.github.com/";

    // https://api.github.com/ for github.com; for GitHub Enterprise Server its address (Octokit
    // adds api/v3/ to any host other than github.com).
    public string ApiUrl { get; set; } = GitHubComApi;
    public string? Token { get; set; }
    public string? WebhookSecret { get; set; }

    // Where people reach Assessment: the commit status links to the patch page under it.
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080/";

    // GitHub login → user name, for the people whose pull requests and pushes are theirs.
    public Dictionary<string, string> Logins { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string? UserFor(string? login) =>
        login is not null && Logins.TryGetValue(login, out var name) && !string.IsNullOrWhiteSpace(name) ? name : null;

    public string PatchUrl(int id) => $"{PublicUrl.TrimEnd('/')}/patches/{id}";
}
