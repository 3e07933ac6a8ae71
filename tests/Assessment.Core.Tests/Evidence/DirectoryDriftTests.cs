using System.Text;
using Assessment.Core.Evidence;
using Assessment.TestSupport;

namespace Assessment.Core.Tests.Evidence;

public sealed class DirectoryDriftTests : IDisposable
{
    private readonly TempGitRepo _repo = TempGitRepo.Create();
    private readonly string _copy = TempGitRepo.NewTempFolder("deployed");
    private readonly string _commit;

    public DirectoryDriftTests()
    {
        _commit = _repo.Commit("release", new Dictionary<string, string?>
        {
            ["README"] = "hello\n",
            ["bin/issue.sh"] = "#!/bin/sh\necho issue\n",
            ["etc/ca.conf"] = "serial=1\n",
            ["etc/deep/policy.txt"] = "policy\n",
        });
    }

    public void Dispose()
    {
        _repo.Dispose();
        TempGitRepo.DeleteFolder(_copy);
    }

    [Fact]
    public void The_checkout_itself_matches_its_commit()
    {
        var result = DirectoryDrift.Compare(_repo.Path, _commit, _repo.Path);

        Assert.True(result.Matches, string.Join(", ", result.Added.Concat(result.Changed).Concat(result.Missing)));
    }

    [Fact]
    public void Finds_an_added_a_changed_and_a_missing_file_in_a_deployed_copy()
    {
        CopyWorkingTree(_repo.Path, _copy);
        File.WriteAllText(Path.Combine(_copy, "etc", "ca.conf"), "serial=2\n");
        File.Delete(Path.Combine(_copy, "etc", "deep", "policy.txt"));
        Directory.CreateDirectory(Path.Combine(_copy, "var"));
        File.WriteAllText(Path.Combine(_copy, "var", "backdoor.sh"), "nc -l 4444\n");

        var result = DirectoryDrift.Compare(_repo.Path, _commit, _copy);

        Assert.Equal(["var/backdoor.sh"], result.Added);
        Assert.Equal(["etc/ca.conf"], result.Changed);
        Assert.Equal(["etc/deep/policy.txt"], result.Missing);
        Assert.False(result.Matches);
    }

    [Fact]
    public void Compares_with_the_named_commit_not_the_head()
    {
        _repo.Commit("later", new Dictionary<string, string?> { ["README"] = "changed\n", ["NEW"] = "x" });

        var result = DirectoryDrift.Compare(_repo.Path, _commit, _repo.Path);

        Assert.Equal(["NEW"], result.Added);
        Assert.Equal(["README"], result.Changed);
        Assert.Empty(result.Missing);
    }

    [Fact]
    public void Results_are_sorted_ordinally()
    {
        CopyWorkingTree(_repo.Path, _copy);
        foreach (var name in new[] { "b", "B", "a", "_" }) File.WriteAllText(Path.Combine(_copy, name), name);

        Assert.Equal(["B", "_", "a", "b"], DirectoryDrift.Compare(_repo.Path, _commit, _copy).Added);
    }

    [Fact]
    public void An_unknown_commit_is_an_argument_error()
    {
        var unknown = new string('1', 40);

        var e = Assert.Throws<ArgumentException>(() => DirectoryDrift.Compare(_repo.Path, unknown, _repo.Path));
        Assert.StartsWith($"{unknown} is not a commit in the repository at {_repo.Path}", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DirectoryDrift.Compare(_repo.Path, "no-such-branch", _repo.Path));
    }

    [Fact]
    public void Blob_ids_are_gits()
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("hello\n"));

        // `echo hello | git hash-object --stdin`
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", DirectoryDrift.BlobId(content, content.Length));
    }

    [Fact]
    public void A_symlink_is_compared_by_its_target()
    {
        if (OperatingSystem.IsWindows()) return; // creating links needs privileges there
        _repo.Symlink("current", "etc/ca.conf");
        var linked = _repo.Commit("link", new Dictionary<string, string?>());
        CopyWorkingTree(_repo.Path, _copy);
        File.Delete(Path.Combine(_copy, "current"));
        File.CreateSymbolicLink(Path.Combine(_copy, "current"), "etc/deep/policy.txt");

        Assert.True(DirectoryDrift.Compare(_repo.Path, linked, _repo.Path).Matches);
        Assert.Equal(["current"], DirectoryDrift.Compare(_repo.Path, linked, _copy).Changed);
    }

    // What a deployment by copying files does: everything but .git, symlinks kept as links.
    private static void CopyWorkingTree(string from, string to)
    {
        foreach (var info in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            if (string.Equals(info.Name, ".git", StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, info.Name);
            if (info.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (info is DirectoryInfo dir)
            {
                Directory.CreateDirectory(target);
                CopyWorkingTree(dir.FullName, target);
            }
            else File.Copy(info.FullName, target);
        }
    }
}
