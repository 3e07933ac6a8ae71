using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.TestSupport;

namespace Assessment.Core.Tests.Evidence;

// The test vectors of docs/evidence-format.md, made by an implementation outside this code,
// checked against the encoders the server uses.
public sealed partial class EvidenceFormatTests
{
    private static readonly JsonElement Vectors = Load();

    public static TheoryData<int> EventVectors() => new(Enumerable.Range(0, Vectors.GetProperty("events").GetArrayLength()));

    [Theory]
    [MemberData(nameof(EventVectors))]
    public void Each_event_vector_has_the_documented_canonical_bytes_and_hash(int index)
    {
        var vector = Vectors.GetProperty("events")[index];
        var e = FromApi(vector.GetProperty("event"));
        using var encoder = new CanonicalEvent();

        Assert.Equal(vector.GetProperty("canonical").GetString(), Encoding.UTF8.GetString(encoder.Encode(e)));
        Assert.Equal(vector.GetProperty("hash").GetString(), AuditChain.ComputeHash(e));
    }

    [Fact]
    public void The_event_vectors_form_a_chain_with_both_formats()
    {
        var events = Vectors.GetProperty("events").EnumerateArray().Select(v => FromApi(v.GetProperty("event"))).ToList();

        var result = AuditChain.Verify(events);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal([AuditFormat.Jcs, AuditFormat.Jcs, AuditFormat.Legacy], events.Select(e => e.Format));
    }

    [Fact]
    public void The_checkpoint_vector_has_the_documented_signed_text_and_verifies()
    {
        var v = Vectors.GetProperty("checkpoint");
        var cp = JsonSerializer.Deserialize<SignedCheckpoint>(v.GetProperty("checkpoint").GetRawText(), EvidenceJson.Options)!;
        var pem = Vectors.GetProperty("keys")[0].GetProperty("publicKeyPem").GetString()!;

        Assert.Equal(v.GetProperty("signedText").GetString(), Encoding.UTF8.GetString(Checkpoint.SignedBytes(cp.Sequence, cp.Hash, cp.At)));
        Assert.Equal(Vectors.GetProperty("keys")[0].GetProperty("keyId").GetString(), SigningKey.KeyIdOf(pem));
        Assert.True(Checkpoint.VerifySignature(cp, pem));
        Assert.False(Checkpoint.VerifySignature(cp with { Sequence = cp.Sequence + 1 }, pem));
    }

    [Fact]
    public void The_dsse_vector_has_the_documented_pae()
    {
        var v = Vectors.GetProperty("dsse");

        var pae = Dsse.Pae(v.GetProperty("payloadType").GetString()!, Encoding.UTF8.GetBytes(v.GetProperty("payload").GetString()!));

        Assert.Equal(v.GetProperty("pae").GetString(), Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void A_new_event_is_written_in_the_documented_format_with_its_time_to_the_millisecond()
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.Zero).AddTicks(2_504_321);

        var stamped = CanonicalEvent.Stamp(at);

        Assert.Equal("2026-03-01T09:30:15.250Z", CanonicalEvent.Time(stamped));
        Assert.Equal(AuditFormat.Jcs, new AuditEvent { Actor = "a", Type = "t", Data = "{}", PreviousHash = "", Hash = "" }.Format);
    }

    // An event as GET /api/audit/events serves it.
    internal static AuditEvent FromApi(JsonElement e) => new()
    {
        Sequence = e.GetProperty("sequence").GetInt64(),
        Format = e.GetProperty("format").GetInt32(),
        At = DateTimeOffset.Parse(e.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        Actor = e.GetProperty("actor").GetString()!,
        Type = e.GetProperty("type").GetString()!,
        PatchId = e.GetProperty("patch").ValueKind == JsonValueKind.Number ? e.GetProperty("patch").GetInt32() : null,
        Commit = e.GetProperty("commit").GetString(),
        WorkflowHash = e.GetProperty("workflowHash").GetString(),
        Data = e.GetProperty("dataText").GetString()!,
        PreviousHash = e.GetProperty("previousHash").GetString()!,
        Hash = e.GetProperty("hash").GetString()!,
    };

    private static JsonElement Load()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "evidence-format.md"));
        var block = VectorBlock().Match(doc);
        Assert.True(block.Success, "docs/evidence-format.md has no test-vectors block");
        using var json = JsonDocument.Parse(block.Groups[1].Value);
        return json.RootElement.Clone();
    }

    [GeneratedRegex(@"<!-- test-vectors -->\s*```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex VectorBlock();
}
