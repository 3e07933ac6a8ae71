using Assessment.Core.Git;

namespace Assessment.Core.Gate;

internal sealed record CoveringPatch(int Id, string Kind, string State, string Base, string Head);

// Per commit: which patch covers it, or why none does and what to do about it.
internal static class Coverage
{
    public static List<PushCheckCommit> Judge(
        GitRepo repo, string repositoryName, IReadOnlyList<string> commits, IReadOnlyList<CoveringPatch> covering, IReadOnlyList<CoveringPatch> pending)
    {
        var coveredBy = Paint(repo, covering);
        var waitingIn = Paint(repo, pending);
        return commits.Select(sha =>
        {
            if (coveredBy.TryGetValue(sha, out var p))
            {
                return new PushCheckCommit(sha, true, $"in {p.Kind} patch {p.Id} ({p.State})");
            }
            var title = CommitWalk.TitleOf(repo, sha);
            var what = title is null ? sha[..12] : $"{sha[..12]} \"{title}\"";
            if (waitingIn.TryGetValue(sha, out var w))
            {
                return new PushCheckCommit(sha, false,
                    $"{what} is in {w.Kind} patch {w.Id}, which is '{w.State}' and not blessed: push it once the patch is blessed");
            }
            var seen = title is null ? " (the server has not seen it: push it to another branch first)" : "";
            return new PushCheckCommit(sha, false,
                $"{what} is in no patch{seen}: submit it for review (assess submit --repo {repositoryName} --base <base> --head {sha[..12]}) " +
                "and push once it is blessed, or, in an emergency, record it first (assess emergency)");
        }).ToList();
    }

    // Every commit of every range, mapped to the first patch whose range holds it. Ranges were
    // resolved in this repository, so a commit the server cannot see is in none of them.
    private static Dictionary<string, CoveringPatch> Paint(GitRepo repo, IReadOnlyList<CoveringPatch> patches)
    {
        var map = new Dictionary<string, CoveringPatch>(StringComparer.Ordinal);
        foreach (var patch in patches.OrderBy(p => p.Id))
        {
            if (!GitReader.Exists(repo, patch.Head)) continue;
            map.TryAdd(patch.Head, patch);
            if (string.Equals(patch.Base, patch.Head, StringComparison.Ordinal) || !GitReader.Exists(repo, patch.Base)) continue;
            foreach (var sha in CommitWalk.Reachable(repo, patch.Head, [patch.Base])) map.TryAdd(sha, patch);
        }
        return map;
    }
}
