using System.CommandLine;
using System.Text;
using System.Text.Json;
using Assessment.Cli.Output;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Evidence.Records;

namespace Assessment.Cli.Verbs;

internal static class HandoverVerifyVerb
{
    public static Command Create()
    {
        var file = Verb.Text("FILE", "the hand-over saved by `assess handover get --out FILE`");
        var repo = Verb.Value("--repo", "PATH", "a local clone to check the hand-over's commits against");
        var key = Verb.Value("--keys", "KEYFILE", "the server's public keys: saved by `assess keys get --out`, or a PEM");
        key.Aliases.Add("--key");
        var server = Verb.Flag("--server", "ask the server instead (POST /api/handover/verify)");
        var events = Verb.Value("--events", "EVENTS_FILE",
            "the log saved by `assess audit events --out`: the workflow document version whose Signatures table says which personal signatures were required");
        var workflow = Verb.Value("--workflow", "DOCUMENT", "that workflow document itself (its SHA-256 must be the hand-over's workflow contentHash)");
        return Verb.Create("verify", """
            Check a saved hand-over offline: its signature against the server's public keys (from
            KEYFILE, saved by `assess keys get --out`, or a PEM; fetched from the server when not given)
            and, with --repo, its commits against a local clone. Its personal signatures are checked
            against the people's keys, and the Signatures table of the workflow document version that
            judged the blessing says which were required: that document comes from EVENTS_FILE, from
            DOCUMENT, or (neither given, no KEYFILE) from the server's log. --server instead asks the
            server (POST /api/handover/verify). Exit code 0 when it verifies, 1 when it does not.
            """,
            new VerbAction((context, parse, cancellationToken) =>
                RunAsync(context, parse.GetValue(file)!, parse.GetValue(repo), parse.GetValue(key), parse.GetValue(server),
                    parse.GetValue(events), parse.GetValue(workflow), cancellationToken)),
            file, repo, key, server, events, workflow);
    }

    private static async Task<int> RunAsync(
        CliContext context, string file, string? repo, string? key, bool server, string? eventsFile, string? workflowFile,
        CancellationToken cancellationToken)
    {
        var document = await File.ReadAllBytesAsync(file, cancellationToken);
        if (server)
        {
            if (key is not null || repo is not null || eventsFile is not null || workflowFile is not null)
                throw new UsageException("--server verifies on the server; it takes no --keys, --repo, --events or --workflow");
            var response = await context.Api.PostJsonBytesAsync("api/handover/verify", document, cancellationToken);
            var answer = response.Json;
            return Report(context, answer.Bool("ok"), answer.Str("detail"), response);
        }

        var publicKeys = key is { } keyFile
            ? PublicKeys(await File.ReadAllTextAsync(keyFile, cancellationToken), keyFile)
            : PublicKeys((await context.Api.GetAsync("api/keys", cancellationToken)).Text, "GET /api/keys");

        var people = key is { } peopleFile
            ? PeopleKeys(await File.ReadAllTextAsync(peopleFile, cancellationToken))
            : PeopleKeys((await context.Api.GetAsync("api/people/keys", cancellationToken)).Text);
        var documents = await DocumentsAsync(context, key is null, eventsFile, workflowFile, cancellationToken);
        var verification = Verify(Encoding.UTF8.GetString(document), publicKeys, repo, people, documents);
        return Report(context, verification.Ok, verification.Detail, response: null);
    }

    internal static (bool Ok, string Detail, Assessment.Core.Evidence.HandoverPredicate? Predicate) Verify(
        string envelopeJson, IReadOnlyList<string> publicKeys, string? repositoryPath,
        IReadOnlyList<PersonKey>? people = null, Func<string, SignatureDocument?>? documents = null)
    {
        var result = Assessment.Core.Evidence.HandoverKeys.Verify(envelopeJson, publicKeys, repositoryPath, people, documents);
        return (result.Ok, result.Detail, result.Predicate);
    }

    // The workflow document versions, by content hash: a given document, the saved log's, or the server's log.
    internal static async Task<Func<string, SignatureDocument?>?> DocumentsAsync(
        CliContext context, bool online, string? eventsFile, string? workflowFile, CancellationToken cancellationToken)
    {
        if (workflowFile is not null)
        {
            var text = await File.ReadAllTextAsync(workflowFile, cancellationToken);
            return hash => SignatureDocument.Read(text, Path.GetFileName(workflowFile), hash);
        }
        if (eventsFile is null && !online) return null;
        // From the server, only the documents' own events: not the whole log.
        return LoggedEvidence.From(await OfflineChain.EventsAsync(context, eventsFile, cancellationToken, LoggedEvidence.WorkflowLoaded)).Document;
    }

    internal static int Report(CliContext context, bool ok, string? detail, ApiResponse? response)
    {
        if (context.Json)
        {
            if (response is not null)
                context.WriteRaw(response);
            else
                context.Out.WriteLine(JsonSerializer.Serialize(new { ok, detail }, CliJson.Options));
        }
        else
        {
            context.Out.WriteLine(string.IsNullOrEmpty(detail) ? (ok ? "ok" : "not ok") : $"{(ok ? "ok" : "not ok")}: {detail}");
        }
        return ok ? ExitCodes.Ok : ExitCodes.Failed;
    }

    // A PEM file as is, or the JSON of GET /api/keys: [{"keyId","algorithm","publicKeyPem"}] or {"keys":[...]}.
    internal static IReadOnlyList<string> PublicKeys(string text, string source)
    {
        if (text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal))
            return [text];
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(text));
            var root = document.RootElement;
            var entries = root.ValueKind == JsonValueKind.Object && root.Prop("keys") is null ? [root] : root.List("keys");
            // Entries naming a person are people's keys (keys get --out adds them): never the server's.
            var pems = entries.Where(k => k.Prop("person") is null)
                .Select(k => k.FirstStr("publicKeyPem", "pem", "publicKey")).OfType<string>().ToList();
            return pems.Count > 0 ? pems : throw new UsageException($"{source} holds no public key");
        }
        catch (JsonException)
        {
            throw new UsageException($"{source} is neither a PEM public key nor the JSON of GET /api/keys");
        }
    }

    // The people's keys in a keys file or GET /api/people/keys: entries with "person"; none in a PEM file.
    internal static IReadOnlyList<PersonKey>? PeopleKeys(string text)
    {
        if (text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)) return null;
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(text));
            var root = document.RootElement;
            var entries = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : root.List("keys");
            return entries.Where(k => k.Prop("person") is not null).Select(k => new PersonKey(
                k.GetProperty("person").GetString()!, k.GetProperty("publicKeyPem").GetString()!,
                k.GetProperty("registeredAt").GetDateTimeOffset(),
                k.Prop("revokedAt") is { ValueKind: JsonValueKind.String } r ? r.GetDateTimeOffset() : null,
                k.Prop("event") is { ValueKind: JsonValueKind.Number } e ? e.GetInt64() : null,
                k.Prop("revokedEvent") is { ValueKind: JsonValueKind.Number } re ? re.GetInt64() : null)).ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
