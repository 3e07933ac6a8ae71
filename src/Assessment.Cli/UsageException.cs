namespace Assessment.Cli;

// A mistake on the command line: reported with the verb's usage, exit code 2.
internal sealed class UsageException(string message) : Exception(message);
