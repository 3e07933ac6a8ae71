using System.Collections.Concurrent;

namespace Assessment.Core.Git;

// What git says of a patch's range base..head, its commits and diff statistics, kept once read:
// both are fixed by the two shas (a commit's sha names its content and its ancestry), so a patch
// read again is not diffed again. GET /api/patches/{id} opened the repository and compared the
// two trees on every request, most of what the request cost. Bounded: past Capacity ranges the
// cache starts over. A range whose commits the repository lost after it was read (a rewritten
// history, then collected) keeps showing what git told while it had them; one not read before
// the loss shows none, as without the cache.
internal static class RangeCache
{
    private const int Capacity = 10_000;
    private static readonly ConcurrentDictionary<(string Path, string Base, string Head), RangeInfo> Ranges = new();

    public static RangeInfo? Read(string path, string @base, string head)
    {
        var key = (path, @base, head);
        if (Ranges.TryGetValue(key, out var known)) return known;
        if (!Directory.Exists(path)) return null;
        // The record stands even if the repository lost the commits (a rewritten history): the
        // patch is still shown, without what only git can tell.
        try
        {
            using var repo = GitReader.Open(path);
            var info = new RangeInfo(GitReader.Commits(repo, @base, head), GitReader.Stats(repo, @base, head));
            if (Ranges.Count >= Capacity) Ranges.Clear();
            Ranges[key] = info;
            return info;
        }
        catch (Exception e) when (GitReader.IsGitFailure(e))
        {
            return null;
        }
    }
}

internal sealed record RangeInfo(IReadOnlyList<CommitInfo> Commits, DiffStats Stats);
