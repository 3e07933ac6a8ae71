using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Assessment.Core.Git;

namespace Assessment.Core.Evidence;

internal sealed record DirectoryComparison(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Missing)
{
    public bool Matches => Added.Count == 0 && Changed.Count == 0 && Missing.Count == 0;
}

// Compares a deployed directory with a commit, file by file, by git blob id: files that exist
// only on a server, or were edited there by hand, are what the old process failed to notice.
// Contents only: the executable bit and empty directories are not compared, files are taken
// byte for byte (no line-ending filters), and submodules are skipped on both sides.
internal static class DirectoryDrift
{
    public static DirectoryComparison Compare(string gitRepositoryPath, string commitish, string directory)
    {
        if (!Directory.Exists(directory)) throw new ArgumentException($"there is no directory {directory}", nameof(directory));
        var (expected, submodules) = GitTrees.Files(gitRepositoryPath, commitish);

        var added = new List<string>();
        var changed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, blobId) in WalkDirectory(new DirectoryInfo(directory), "", submodules))
        {
            seen.Add(path);
            if (!expected.TryGetValue(path, out var expectedId)) added.Add(path);
            else if (!string.Equals(blobId, expectedId, StringComparison.Ordinal)) changed.Add(path);
        }
        var missing = expected.Keys.Where(p => !seen.Contains(p)).ToList();
        added.Sort(StringComparer.Ordinal);
        changed.Sort(StringComparer.Ordinal);
        missing.Sort(StringComparer.Ordinal);
        return new DirectoryComparison(added, changed, missing);
    }

    // The id git gives a file's content: SHA-1 of "blob <length>\0" followed by the bytes.
    public static string BlobId(Stream content, long length)
    {
        ArgumentNullException.ThrowIfNull(content);
#pragma warning disable CA5350 // Git names objects by SHA-1; this reproduces git's ids, it is not our choice of hash.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
#pragma warning restore CA5350
        hash.AppendData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blob {length}\0")));
        var buffer = new byte[81920];
        int read;
        while ((read = content.Read(buffer, 0, buffer.Length)) > 0) hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IEnumerable<(string Path, string BlobId)> WalkDirectory(
        DirectoryInfo dir, string prefix, HashSet<string> submodules)
    {
        foreach (var info in dir.EnumerateFileSystemInfos())
        {
            var path = prefix + info.Name;
            if (prefix.Length == 0 && string.Equals(info.Name, ".git", StringComparison.Ordinal)) continue;
            if (submodules.Contains(path)) continue;
            if (info.LinkTarget is { } target)
            {
                // Not followed: git records the link itself, never what it points to.
                var bytes = Encoding.UTF8.GetBytes(target);
                using var stream = new MemoryStream(bytes);
                yield return (path, BlobId(stream, bytes.Length));
            }
            else if (info is DirectoryInfo sub)
            {
                foreach (var item in WalkDirectory(sub, path + "/", submodules)) yield return item;
            }
            else
            {
                using var stream = File.OpenRead(info.FullName);
                yield return (path, BlobId(stream, stream.Length));
            }
        }
    }
}
