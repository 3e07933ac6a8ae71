using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Workflow;

namespace Assessment.Core.Evidence.Records;

// A person's key as the log tells it: registered by event From, revoked by event RevokedBy (if ever).
internal sealed record LoggedKey(string Person, PersonalKey Key, long From, DateTimeOffset FromAt, long? RevokedBy = null, DateTimeOffset? RevokedAt = null)
{
    public bool InForceAt(long sequence) => From < sequence && (RevokedBy is null || RevokedBy > sequence);
}

// What a verifier learns from the log alone, without the server's word: the signature rules of
// every workflow document version the log loaded (by its content hash, so an event is judged by
// the version it names, never by a flag the server wrote) and who held which key when.
internal sealed class LoggedEvidence
{
    public const string WorkflowLoaded = "workflow.loaded";

    private readonly Dictionary<string, SignatureDocument> documents = new(StringComparer.Ordinal);
    private readonly List<LoggedKey> keys = [];
    private readonly List<string> problems = [];

    // Problems with the log's own evidence (a document that is not what its hash says).
    public IReadOnlyList<string> Problems => problems;

    public static bool Needed(string type) =>
        type is WorkflowLoaded or UserKeys.RegisteredEvent or UserKeys.RevokedEvent;

    public static LoggedEvidence From(IEnumerable<AuditEvent> events)
    {
        var evidence = new LoggedEvidence();
        foreach (var e in events.Where(e => Needed(e.Type)).OrderBy(e => e.Sequence)) evidence.Add(e);
        return evidence;
    }

    private void Add(AuditEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        var root = data.RootElement;
        switch (e.Type)
        {
            case WorkflowLoaded when e.WorkflowHash is { } hash && root.TryGetProperty("markdown", out var md) && md.GetString() is { } markdown:
                var file = root.TryGetProperty("file", out var f) ? f.GetString() ?? "" : "";
                try
                {
                    if (SignatureDocument.Read(markdown, file, hash) is { } doc) documents.TryAdd(hash, doc);
                    else problems.Add($"event {e.Sequence} loads {file} under hash {hash}, but its text has another hash");
                }
                catch (WorkflowException ex)
                {
                    problems.Add($"event {e.Sequence}: {file} does not read: {ex.Message}");
                }
                break;
            case UserKeys.RegisteredEvent:
                var person = root.GetProperty("user").GetString()!;
                var key = PersonalKey.Parse(root.GetProperty("publicKeyPem").GetString()!, out var why);
                if (key is null) problems.Add($"event {e.Sequence} registers a key of {person}'s that does not read: {why}");
                else keys.Add(new LoggedKey(person, key, e.Sequence, e.At));
                break;
            case UserKeys.RevokedEvent:
                var keyId = root.GetProperty("keyId").GetString();
                var index = keys.FindIndex(k => k.RevokedBy is null && string.Equals(k.Key.KeyId, keyId, StringComparison.Ordinal));
                if (index >= 0) keys[index] = keys[index] with { RevokedBy = e.Sequence, RevokedAt = e.At };
                break;
        }
    }

    // Where the document version that judged the event required the actor's signature; null: it did not.
    public string? Requirement(AuditEvent e, string action) =>
        e.WorkflowHash is { } hash && documents.TryGetValue(hash, out var doc) ? doc.Requirement(action, KeysOf(e.Actor, e.Sequence).Any()) : null;

    public bool Knows(string workflowHash) => documents.ContainsKey(workflowHash);

    public SignatureDocument? Document(string workflowHash) => documents.GetValueOrDefault(workflowHash);

    // Every person's keys with the events that registered and revoked them, and their times.
    public IReadOnlyList<PersonKey> PersonKeys() =>
        keys.Select(k => new PersonKey(k.Person, k.Key.Pem, k.FromAt, k.RevokedAt, k.From, k.RevokedBy)).ToList();

    public IEnumerable<PersonalKey> KeysOf(string person, long sequence) =>
        keys.Where(k => string.Equals(k.Person, person, StringComparison.Ordinal) && k.InForceAt(sequence)).Select(k => k.Key);
}
