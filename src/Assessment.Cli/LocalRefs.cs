using Assessment.Core.Git;

namespace Assessment.Cli;

// Inside a git checkout, "main", "HEAD~2" or a short sha mean what they mean there, so they are
// resolved before sending. Anything that does not resolve locally goes to the server as typed:
// it resolves it in the controlled repository.
internal static class LocalRefs
{
    // Says on stderr what a ref was taken to mean, so a ref resolved in the wrong checkout is
    // visible at once rather than as the server's "not a commit in the repository".
    public static string Resolve(string commitish, CliContext context)
    {
        var sha = Resolve(commitish, context.WorkingDirectory);
        if (!string.Equals(sha, commitish, StringComparison.OrdinalIgnoreCase))
        {
            context.Error.WriteLine($"note: '{commitish}' is {sha} in the checkout at {LocalCheckout.Discover(context.WorkingDirectory)}");
        }
        return sha;
    }

    public static string Resolve(string commitish, string workingDirectory) => LocalCheckout.Resolve(commitish, workingDirectory);
}
