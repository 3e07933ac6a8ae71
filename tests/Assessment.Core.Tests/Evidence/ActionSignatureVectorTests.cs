using System.Text;
using System.Text.Json;
using Assessment.Core.Evidence;
using Assessment.Core.Evidence.Personal;
using Assessment.TestSupport;

namespace Assessment.Core.Tests.Evidence;

// The action-signature vector of docs/evidence-format.md, made with Python's `cryptography`
// from the document's text: this code must write the same statement and the same signature.
public sealed class ActionSignatureVectorTests
{
    private static JsonElement Vector()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "evidence-format.md"));
        var start = text.IndexOf("```json", text.IndexOf("<!-- action-vector -->", StringComparison.Ordinal), StringComparison.Ordinal) + 7;
        var end = text.IndexOf("```", start, StringComparison.Ordinal);
        return JsonDocument.Parse(text[start..end]).RootElement.Clone();
    }

    [Fact]
    public void The_statement_the_signature_and_the_key_id_are_the_documents()
    {
        var v = Vector();
        var signer = PersonalSigner.Parse(v.GetProperty("privateKeyPem").GetString()!, "vector");
        Assert.Equal(v.GetProperty("keyId").GetString(), signer.Key.KeyId);
        Assert.Equal(signer.Key.KeyId, PersonalKey.Parse(v.GetProperty("publicKeyPem").GetString()!, out _)!.KeyId);

        var predicate = new ActionPredicate(7, 1, "review", "approve", "bob", new DateTimeOffset(2026, 3, 1, 9, 30, 15, 250, TimeSpan.Zero));
        var payload = ActionStatement.Payload("cacert-devel", "0123456789abcdef0123456789abcdef01234567", predicate);
        Assert.Equal(v.GetProperty("payloadText").GetString(), Encoding.UTF8.GetString(payload));

        var envelope = ActionStatement.Sign(signer, "cacert-devel", "0123456789abcdef0123456789abcdef01234567", predicate);
        Assert.Equal(Dsse.ToJson(Dsse.Parse(v.GetProperty("envelope").GetRawText())), Dsse.ToJson(envelope));
        var opened = ActionStatement.Open(Dsse.Parse(v.GetProperty("envelope").GetRawText()), signer.Key, out var problem);
        Assert.True(opened is not null, problem);
        Assert.Equal(predicate, opened.Predicate);

        var tampered = envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(v.GetProperty("payloadText").GetString()!.Replace("approve", "approvE", StringComparison.Ordinal))) };
        Assert.Null(ActionStatement.Open(tampered, signer.Key, out problem));
        Assert.Contains("does not verify", problem, StringComparison.Ordinal);
    }
}
