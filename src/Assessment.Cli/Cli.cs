using System.Net.Sockets;
using Assessment.Cli.Verbs;

namespace Assessment.Cli;

internal static class Cli
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    // The whole command, in-process: tests pass a handler (a test server's) and an environment.
    // Without an environment dictionary the process environment is read.
    internal static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        HttpMessageHandler? handler = null,
        IDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        Verb? verb = null;
        try
        {
            var globals = GlobalOptions.Extract(args);
            var words = globals.Rest;
            if (words.Count == 0 || (words[0] == "help" && words.Count == 1))
            {
                VerbRegistry.WriteUsage(globals.Help || words.Count > 0 ? stdout : stderr);
                return globals.Help || words.Count > 0 ? ExitCodes.Ok : ExitCodes.Usage;
            }
            var asksHelp = globals.Help || words[0] == "help";
            (verb, var rest) = VerbRegistry.Find(words[0] == "help" ? [.. words.Skip(1)] : words);
            if (!asksHelp)
            {
                // Now that the verb is known, its option values are read as values.
                globals = GlobalOptions.Extract(args, verb.Values);
                (_, rest) = VerbRegistry.Find(globals.Rest);
            }
            if (asksHelp)
            {
                VerbRegistry.WriteHelp(stdout, verb);
                return ExitCodes.Ok;
            }

            var arguments = Arguments.Parse(rest, verb.Values, verb.Flags);
            var url = globals.Url ?? Read(environment, "ASSESS_URL") ?? DefaultUrl;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
                throw new UsageException($"'{url}' is not an http(s) URL (ASSESS_URL or --url)");
            var token = globals.Token ?? Read(environment, "ASSESS_TOKEN");

            using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            var context = new CliContext(new ApiClient(http, baseAddress, token), stdout, stderr, globals.Json);
            return await verb.Run(context, arguments, cancellationToken);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"assess: {e.Message}");
            if (verb is null)
                VerbRegistry.WriteUsage(stderr);
            else
                stderr.WriteLine($"usage: assess {verb.Synopsis.Replace("\n", "\n       assess ", StringComparison.Ordinal)}");
            return ExitCodes.Usage;
        }
        catch (ApiException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (HttpRequestException e)
        {
            stderr.WriteLine(ConnectionProblem(e, args, environment));
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine($"error: the server at {ServerUrl(args, environment)} did not answer in time");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("error: cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static string ConnectionProblem(HttpRequestException e, string[] args, IDictionary<string, string?>? environment)
    {
        var url = ServerUrl(args, environment);
        var refused = e.HttpRequestError == HttpRequestError.ConnectionError
            || e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
        return refused
            ? $"error: cannot connect to the Assessment server at {url} ({e.Message}). Is it running? Set ASSESS_URL or pass --url."
            : $"error: request to the Assessment server at {url} failed: {e.Message}";
    }

    // For messages only: the URL as the user gave it.
    private static string ServerUrl(string[] args, IDictionary<string, string?>? environment)
    {
        try
        {
            return GlobalOptions.Extract(args).Url ?? Read(environment, "ASSESS_URL") ?? DefaultUrl;
        }
        catch (UsageException)
        {
            return Read(environment, "ASSESS_URL") ?? DefaultUrl;
        }
    }

    private static string? Read(IDictionary<string, string?>? environment, string name)
    {
        var value = environment is null ? Environment.GetEnvironmentVariable(name) : environment.TryGetValue(name, out var v) ? v : null;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
