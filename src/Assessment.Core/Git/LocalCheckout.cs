using LibGit2Sharp;

namespace Assessment.Core.Git;

// The person's own checkout, for the command line: a ref typed there ("main", "HEAD~2", a short
// sha) means what it means in that checkout.
internal static class LocalCheckout
{
    // The git directory of the checkout the directory lies in, or null outside one.
    public static string? Discover(string workingDirectory) => Repository.Discover(workingDirectory);

    // The full sha, or the text as typed when it does not resolve in a checkout here (or there
    // is none, or no native libgit2 for this platform): then the server decides.
    public static string Resolve(string commitish, string workingDirectory)
    {
        try
        {
            var gitDirectory = Repository.Discover(workingDirectory);
            if (gitDirectory is null)
                return commitish;
            using var repository = new Repository(gitDirectory);
            return repository.Lookup(commitish)?.Peel<Commit>()?.Sha ?? commitish;
        }
        catch (LibGit2SharpException)
        {
            return commitish;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or ArgumentException)
        {
            return commitish;
        }
    }
}
