using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace Assessment.Core.Git;

// The identity of a change, compared as `git patch-id --stable --verbatim` compares it: the
// diff of each file (paths, +/-/context lines; line numbers, hunk headers and blob ids left
// out) hashed on its own, and the file hashes added, so the order of files does not matter.
// Two revisions with the same id make the same change, only on another base. Whitespace is
// kept (verbatim): in some languages it is the code. SHA-256 stands in for git's SHA-1; the
// ids are compared with each other, never with git's.
internal static class PatchIds
{
    public static string Of(GitRepo git, string @base, string head)
    {
        var changes = git.Repository.Diff.Compare<LibGit2Sharp.Patch>(
            GitReader.CommitOf(git, @base).Tree, GitReader.CommitOf(git, head).Tree,
            new CompareOptions { ContextLines = 3, Similarity = SimilarityOptions.Renames });
        var sum = new byte[SHA256.HashSizeInBytes];
        foreach (var change in changes)
        {
            Add(sum, FileHash(change));
        }
        return Convert.ToHexStringLower(sum);
    }

    private static byte[] FileHash(PatchEntryChanges change)
    {
        var text = new StringBuilder();
        text.Append(change.OldPath).Append('\n').Append(change.Path).Append('\n').Append(change.Status).Append('\n');
        if (change.IsBinaryComparison)
        {
            // A binary diff has no lines: the contents are what changed.
            text.Append(change.OldOid.Sha).Append('\n').Append(change.Oid.Sha).Append('\n');
        }
        var inHunk = false;
        foreach (var line in change.Patch.Split('\n'))
        {
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                inHunk = true;
                text.Append("@@\n");
            }
            else if (inHunk && line.Length > 0)
            {
                text.Append(line).Append('\n');
            }
        }
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    // git adds the file hashes as one long little-endian number, carrying from byte to byte.
    private static void Add(byte[] sum, byte[] hash)
    {
        var carry = 0;
        for (var i = 0; i < sum.Length; i++)
        {
            carry += sum[i] + hash[i];
            sum[i] = (byte)carry;
            carry >>= 8;
        }
    }
}
