using Assessment.Core.Git;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

// A patch's range base..head is read from git once: its commits and diff statistics are fixed
// by the two shas, so showing the patch again does not open the repository.
public sealed class RangeCacheTests
{
    [Fact]
    public void A_range_is_read_from_git_once()
    {
        var repo = TempGitRepo.Create();
        var path = repo.Path;
        var first = repo.Commit("first", new Dictionary<string, string?> { ["a.txt"] = "one\n" });
        var second = repo.Commit("second", new Dictionary<string, string?> { ["a.txt"] = "one\ntwo\n", ["b.txt"] = "b\n" });

        var read = RangeCache.Read(path, first, second);
        Assert.NotNull(read);
        Assert.Equal([second], read.Commits.Select(c => c.Sha));
        Assert.Equal(new DiffStats(2, 2, 0), read.Stats);

        repo.Dispose(); // the repository is gone: only what was read before can answer
        Assert.Same(read, RangeCache.Read(path, first, second));
        Assert.Null(RangeCache.Read(path, second, first));
    }
}
