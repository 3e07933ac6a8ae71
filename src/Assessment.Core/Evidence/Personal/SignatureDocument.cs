using System.Security.Cryptography;
using System.Text;
using Assessment.Core.Workflow;

namespace Assessment.Core.Evidence.Personal;

// What a verifier reads from one version of a workflow document to know which actions needed
// the person's own signature: the Requests table (request -> action) and the Signatures table.
// Read from the document's text, whose SHA-256 must be the hash the evidence names, so that no
// flag written by the server decides it.
internal sealed record SignatureDocument(string File, string ContentHash, IReadOnlyDictionary<string, string> Actions,
    IReadOnlyDictionary<string, SignatureRule> Rules)
{
    // Null when the text's hash is not contentHash (with or without a byte order mark, as files are hashed).
    public static SignatureDocument? Read(string markdown, string file, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        markdown = markdown.TrimStart('\uFEFF');
        var bytes = Encoding.UTF8.GetBytes(markdown);
        if (!string.Equals(Hash(bytes), contentHash, StringComparison.Ordinal) && !string.Equals(Hash([0xEF, 0xBB, 0xBF, .. bytes]), contentHash, StringComparison.Ordinal))
            return null;
        var tables = WorkflowTables.Read(markdown, file);
        var actions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tables.Find("Requests") is { } requests)
        {
            foreach (var row in requests.Rows) actions.TryAdd(row.Cell(0), row.Cell(1));
        }
        return new SignatureDocument(file, contentHash, actions, SignatureRules.Read(tables.Find(SignatureRules.Section), file));
    }

    // Where the document requires this action signed by a person who held `hasKey` keys then; null: not required.
    public string? Requirement(string action, bool hasKey) =>
        !Rules.TryGetValue(action, out var rule) ? null
        : rule.When == SignedWhen.Always ? $"{File} line {rule.Line} requires '{action}' to be signed always"
        : hasKey ? $"{File} line {rule.Line} requires '{action}' to be signed once the person has a key registered"
        : null;

    public string? ActionOf(string request) => Actions.GetValueOrDefault(request);

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
