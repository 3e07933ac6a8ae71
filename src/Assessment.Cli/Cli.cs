using System.CommandLine;
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
        var tree = new CommandTree();
        var parse = tree.Root.Parse(HelpWords(args));
        var errors = new ErrorOutput(stdout, stderr, JsonAsked(parse, tree, args));
        try
        {
            if (UsageProblem.Find(parse, tree) is { } usage)
                return errors.Usage(usage, parse.CommandResult.Command, tree);
            if (parse.Action is not VerbAction verb)
            {
                // Help, --version, completion, and groups without their verb.
                return await parse.InvokeAsync(new InvocationConfiguration
                {
                    Output = stdout,
                    Error = stderr,
                    EnableDefaultExceptionHandler = false,
                }, cancellationToken);
            }
            var url = parse.GetValue(tree.Url) ?? Read(environment, "ASSESS_URL") ?? DefaultUrl;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
                throw new UsageException($"'{url}' is not an http(s) URL (ASSESS_URL or --url)");
            var token = parse.GetValue(tree.Token) ?? Read(environment, "ASSESS_TOKEN");

            using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            var context = new CliContext(new ApiClient(http, baseAddress, token), stdout, stderr, errors.Json);
            return await verb.RunAsync(context, parse, cancellationToken);
        }
        catch (UsageException e)
        {
            return errors.Usage(e.Message, parse.CommandResult.Command, tree);
        }
        catch (ApiException e)
        {
            return errors.Failed(e.Message, e.Status, e.Problem);
        }
        catch (HttpRequestException e)
        {
            return errors.Failed(ConnectionProblem(e, ServerUrl(parse, tree, environment)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return errors.Failed($"the server at {ServerUrl(parse, tree, environment)} did not answer in time");
        }
        catch (OperationCanceledException)
        {
            return errors.Failed("cancelled");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return errors.Failed(e.Message);
        }
    }

    // `assess help audit verify` is `assess audit verify --help`; `assess help` is `assess --help`.
    private static string[] HelpWords(string[] args) =>
        args is ["help", .. var rest] ? [.. rest.TakeWhile(a => !a.StartsWith('-')), "--help"] : args;

    // --json counts even on a line that did not parse, so that the error comes out as JSON too.
    private static bool JsonAsked(ParseResult parse, CommandTree tree, string[] args)
    {
        if (parse.Errors.Count == 0)
            return parse.GetValue(tree.Json);
        return args.TakeWhile(a => a != "--").Contains("--json", StringComparer.Ordinal);
    }

    private static string ConnectionProblem(HttpRequestException e, string url)
    {
        var refused = e.HttpRequestError == HttpRequestError.ConnectionError
            || e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
        return refused
            ? $"cannot connect to the Assessment server at {url} ({e.Message}). Is it running? Set ASSESS_URL or pass --url."
            : $"request to the Assessment server at {url} failed: {e.Message}";
    }

    // For messages only: the URL as the user gave it.
    private static string ServerUrl(ParseResult parse, CommandTree tree, IDictionary<string, string?>? environment) =>
        parse.GetValue(tree.Url) ?? Read(environment, "ASSESS_URL") ?? DefaultUrl;

    private static string? Read(IDictionary<string, string?>? environment, string name)
    {
        var value = environment is null ? Environment.GetEnvironmentVariable(name) : environment.TryGetValue(name, out var v) ? v : null;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
