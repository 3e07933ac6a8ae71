using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;
using Assessment.Core.Evidence;
using Assessment.Core.Git;

namespace Assessment.Cli.Verbs;

internal static class DriftVerb
{
    public static Command Create()
    {
        var repo = Verb.Value("--repo", "NAME", "the registered repository, as the server sees it");
        var commit = Verb.Value("--commit", "SHA", "the commit production runs (default: its production branch)");
        var dir = Verb.Value("--dir", "PATH", "offline: a deployed tree to compare with --commit");
        var repoPath = Verb.Value("--repo-path", "GITPATH", "with --dir: the git repository holding --commit");
        return Verb.Create("drift", """
            With --repo: the commits on production (the production branch, or --commit) that no
            blessed or emergency patch covers, as the server sees them.
            With --dir: offline, compare a directory (a deployed tree) with the tree of --commit in
            the git repository at --repo-path, listing added, changed and missing files.
            Exit code 0 when there is no drift, 3 when drift was found, 1 on error.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                if (parse.GetValue(dir) is { } directory)
                {
                    if (parse.GetValue(repo) is not null)
                        throw new UsageException("--dir compares offline; it takes --repo-path, not --repo");
                    return CompareDirectory(context, directory, Verb.Required(parse, commit), Verb.Required(parse, repoPath));
                }
                if (parse.GetValue(repoPath) is not null)
                    throw new UsageException("--repo-path goes with --dir");
                return await ServerDriftAsync(context, Verb.Required(parse, repo), parse.GetValue(commit), cancellationToken);
            }),
            repo, commit, dir, repoPath);
    }

    private static async Task<int> ServerDriftAsync(CliContext context, string name, string? commit, CancellationToken cancellationToken)
    {
        var path = ApiClient.WithQuery($"api/repositories/{Uri.EscapeDataString(name)}/drift", ("commit", commit));
        var response = await context.Api.GetAsync(path, cancellationToken);
        var drift = response.Json;
        var commits = drift.Items("commits").ToList();
        if (context.Json)
        {
            context.WriteRaw(response);
        }
        else
        {
            context.Out.WriteLine($"production: {drift.Str("production")}");
            if (commits.Count == 0)
                context.Out.WriteLine("no drift: every commit on production is covered by a blessed or emergency patch");
            else
                WriteCommits(context, commits);
        }
        return commits.Count == 0 ? ExitCodes.Ok : ExitCodes.DriftFound;
    }

    private static void WriteCommits(CliContext context, List<JsonElement> commits)
    {
        var output = context.Out;
        output.WriteLine($"{Format.Count(commits.Count, "commit")} on production not covered by a blessed or emergency patch:");
        var table = new Table("SHA", "AUTHOR", "TITLE");
        foreach (var c in commits)
            table.Add(Format.Sha(c.Str("sha")), c.Str("author"), c.Str("title"));
        table.Write(output, "  ", width: context.Width);
    }

    // Offline: nothing is asked of the server, so a tampered server cannot hide what is on disk.
    private static int CompareDirectory(CliContext context, string directory, string commit, string gitRepositoryPath)
    {
        try
        {
            var drift = Assessment.Core.Evidence.DirectoryDrift.Compare(gitRepositoryPath, commit, directory);
            return WriteDirectoryDrift(context, directory, commit, drift);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException || GitReader.IsGitFailure(e))
        {
            context.Error.WriteLine(GitReader.IsMissingRepository(e)
                ? $"error: there is no git repository at {gitRepositoryPath}"
                : $"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static int WriteDirectoryDrift(CliContext context, string directory, string commit, DirectoryComparison drift)
    {
        var (added, changed, missing) = (drift.Added, drift.Changed, drift.Missing);
        if (context.Json)
        {
            var result = new { directory, commit, added, changed, missing };
            context.Out.WriteLine(JsonSerializer.Serialize(result, CliJson.Indented));
        }
        else if (drift.Matches)
        {
            context.Out.WriteLine($"no drift: {directory} matches the tree of {commit}");
        }
        else
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{directory} differs from the tree of {commit}: {added.Count} added, {changed.Count} changed, {missing.Count} missing"));
            var table = new Table("", "");
            foreach (var (status, paths) in new[] { ("added", added), ("changed", changed), ("missing", missing) })
            {
                foreach (var path in paths)
                    table.Add(status, path);
            }
            table.Write(context.Out, "  ", header: false, width: context.Width);
        }
        return drift.Matches ? ExitCodes.Ok : ExitCodes.DriftFound;
    }
}
