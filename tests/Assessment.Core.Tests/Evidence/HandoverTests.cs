using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.TestSupport;

namespace Assessment.Core.Tests.Evidence;

public sealed class HandoverTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempGitRepo _repo = TempGitRepo.Create();
    private readonly SigningKey _key = SigningKey.Generate();
    private readonly string _base;
    private readonly string _oldHead;
    private readonly string _head;

    public HandoverTests()
    {
        _base = _repo.Commit("base", new Dictionary<string, string?> { ["ca.conf"] = "serial=1\n" });
        _oldHead = _repo.Commit("fix", new Dictionary<string, string?> { ["ca.conf"] = "serial=2\n" });
        _head = _repo.Commit("fix, revised", new Dictionary<string, string?> { ["ca.conf"] = "serial=3\n" });
    }

    public void Dispose()
    {
        _key.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public void FromPatch_keeps_only_current_approvals_passes_and_test_deployments()
    {
        var p = Predicate(BlessedPatch());

        Assert.Equal(["alice", "dave"], p.Reviewers.Select(r => r.By));
        Assert.All(p.Reviewers, r => Assert.Equal(_head, r.Commit));
        Assert.Equal(["tina", "tess"], p.Testers.Select(t => t.By));
        Assert.Equal(["test-1"], p.TestDeployments.Select(d => d.Environment));
        Assert.Equal(("erin", "looks right", _head, _base), (p.BlessedBy, p.BlessingComment, p.Commit, p.Base));
        Assert.Equal(Handover.TreeOf(_repo.Path, _head), p.Tree);
        Assert.Equal(new HandoverLogPosition(12, "h12"), p.Log);
    }

    [Fact]
    public void FromPatch_refuses_an_unblessed_patch_and_a_blessing_of_another_commit()
    {
        var unblessed = BlessedPatch();
        unblessed.Blessing = null;
        var moved = BlessedPatch();
        moved.Blessing!.Commit = _oldHead;

        Assert.Contains("has no blessing", Assert.Throws<InvalidOperationException>(() => Predicate(unblessed)).Message,
            StringComparison.Ordinal);
        Assert.Equal($"patch 7 was blessed at {_oldHead} but its head is {_head}",
            Assert.Throws<InvalidOperationException>(() => Predicate(moved)).Message);
    }

    [Fact]
    public void Issued_handover_verifies_offline_against_the_repository()
    {
        var json = Issue(Predicate(BlessedPatch()));

        var result = Handover.Verify(json, _key.PublicKeyPem, _key.KeyId, _repo.Path);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal($"hand-over of patch 7 (ca {_head}) signed by key {_key.KeyId}", result.Detail);
        Assert.Equal(["alice", "dave"], result.Predicate!.Reviewers.Select(r => r.By));
        Assert.Equal(T0.AddDays(3), result.Predicate.IssuedAt);
    }

    [Fact]
    public void Statement_has_the_in_toto_shape()
    {
        var envelope = Dsse.Parse(Issue(Predicate(BlessedPatch())));
        var statement = JsonNode.Parse(Convert.FromBase64String(envelope.Payload))!;

        Assert.Equal("application/vnd.in-toto+json", envelope.PayloadType);
        Assert.Equal("https://in-toto.io/Statement/v1", (string?)statement["_type"]);
        Assert.Equal("https://assessment.invalid/docs/evidence-format.md#handover-v1", (string?)statement["predicateType"]);
        Assert.Equal("ca", (string?)statement["subject"]![0]!["name"]);
        Assert.Equal(_head, (string?)statement["subject"]![0]!["digest"]!["gitCommit"]);
        Assert.Equal(7, (int?)statement["predicate"]!["patchId"]);
        Assert.Equal("tina", (string?)statement["predicate"]!["testers"]![0]!["by"]);
    }

    // The auditor's findings: "application/vnd.in-toto\u002Bjson" and times ending "+00:00".
    [Fact]
    public void The_payload_type_is_written_plainly_and_every_time_ends_in_z()
    {
        var json = Issue(Predicate(BlessedPatch()));
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Dsse.Parse(json).Payload));

        Assert.Contains("\"payloadType\":\"application/vnd.in-toto+json\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("+00:00", payload, StringComparison.Ordinal);
        var times = System.Text.RegularExpressions.Regex.Matches(payload, "\"(blessedAt|issuedAt|at)\":\"([^\"]+)\"");
        Assert.NotEmpty(times);
        Assert.All(times, m => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", m.Groups[2].Value));
    }

    [Fact]
    public void Envelope_serialised_with_web_defaults_still_verifies()
    {
        var envelope = Dsse.Parse(Issue(Predicate(BlessedPatch())));
        var asServed = JsonSerializer.Serialize(envelope, JsonSerializerOptions.Web);

        Assert.True(Handover.Verify(asServed, _key.PublicKeyPem, _key.KeyId, null).Ok);
    }

    [Fact]
    public void A_repository_without_the_commit_fails()
    {
        using var other = TempGitRepo.Create();
        other.Commit("unrelated", new Dictionary<string, string?> { ["x"] = "y" });

        var result = Handover.Verify(Issue(Predicate(BlessedPatch())), _key.PublicKeyPem, _key.KeyId, other.Path);

        Assert.False(result.Ok);
        Assert.Equal($"commit {_head} is not in the repository at {other.Path}", result.Detail);
        Assert.Null(result.Predicate);
    }

    [Fact]
    public void A_tree_that_differs_from_the_repository_fails()
    {
        var wrongTree = Handover.TreeOf(_repo.Path, _base);
        var json = Issue(Predicate(BlessedPatch()) with { Tree = wrongTree });

        var result = Handover.Verify(json, _key.PublicKeyPem, _key.KeyId, _repo.Path);

        Assert.Equal($"commit {_head} has tree {Handover.TreeOf(_repo.Path, _head)} in the repository at {_repo.Path}, " +
            $"the hand-over says {wrongTree}", result.Detail);
    }

    [Fact]
    public void An_edited_payload_fails_the_signature()
    {
        var node = JsonNode.Parse(Issue(Predicate(BlessedPatch())))!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String((string)node["payload"]!));
        node["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace("\"dave\"", "\"mall\"", StringComparison.Ordinal)));

        var result = Handover.Verify(node.ToJsonString(), _key.PublicKeyPem, _key.KeyId, _repo.Path);

        Assert.Equal($"signature does not verify with key {_key.KeyId}", result.Detail);
    }

    [Fact]
    public void A_signed_statement_whose_subject_is_another_commit_fails()
    {
        var statement = JsonNode.Parse(Convert.FromBase64String(Dsse.Parse(Issue(Predicate(BlessedPatch()))).Payload))!;
        statement["subject"]![0]!["digest"]!["gitCommit"] = _oldHead;
        var json = Dsse.ToJson(Dsse.Sign(_key, Handover.PayloadType, Encoding.UTF8.GetBytes(statement.ToJsonString())));

        var result = Handover.Verify(json, _key.PublicKeyPem, _key.KeyId, null);

        Assert.Equal($"the subject names commit {_oldHead} but the hand-over is about {_head}", result.Detail);
    }

    [Theory]
    [InlineData("not json", "the document is not a DSSE envelope: ")]
    [InlineData("{\"payloadType\":\"x\"}", "the document is not a DSSE envelope: ")]
    [InlineData("{\"payloadType\":\"x\",\"payload\":\"\",\"signatures\":[null]}", "the document is not a DSSE envelope: ")]
    [InlineData("{\"payloadType\":\"text/plain\",\"payload\":\"\",\"signatures\":[]}",
        "the payload type is text/plain, expected application/vnd.in-toto+json")]
    public void Malformed_documents_are_named(string json, string expectedStart)
    {
        var result = Handover.Verify(json, _key.PublicKeyPem, _key.KeyId, null);

        Assert.False(result.Ok);
        Assert.StartsWith(expectedStart, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_payload_that_is_not_a_statement_fails()
    {
        var json = Dsse.ToJson(Dsse.Sign(_key, Handover.PayloadType, Encoding.UTF8.GetBytes("{\"_type\":1}")));

        var result = Handover.Verify(json, _key.PublicKeyPem, _key.KeyId, null);

        Assert.StartsWith("the signed payload is not a hand-over statement: ", result.Detail, StringComparison.Ordinal);
    }

    private string Issue(HandoverPredicate predicate) => Dsse.ToJson(Handover.Issue(_key, predicate, "ca", _head));

    private HandoverPredicate Predicate(Patch patch) => HandoverPredicate.FromPatch(
        patch, Handover.TreeOf(_repo.Path, _head), "regular", new string('w', 64),
        12, "h12", Checkpoint.Sign(_key, 15, "h15", T0.AddDays(3)), T0.AddDays(3));

    private Patch BlessedPatch() => new()
    {
        Id = 7,
        Kind = "regular",
        State = "blessed",
        Title = "Raise the serial",
        Repository = new GitRepository { Name = "ca", Path = _repo.Path, ProductionBranch = "main" },
        Author = "dev",
        Base = _base,
        Head = _head,
        Revision = 2,
        Reviews =
        [
            new Review { By = "alice", Verdict = "approve", Commit = _head, Revision = 2, At = T0.AddHours(1) },
            new Review { By = "bob", Verdict = "approve", Commit = _oldHead, Revision = 1, At = T0 },
            new Review { By = "carol", Verdict = "request-changes", Commit = _head, Revision = 2, At = T0.AddHours(2) },
            // Same commit, earlier revision (a rebase onto a new base): stale all the same.
            new Review { By = "frank", Verdict = "approve", Commit = _head, Revision = 1, At = T0.AddHours(2) },
            new Review { By = "dave", Verdict = "approve", Commit = _head, Revision = 2, At = T0.AddHours(3) },
        ],
        Tests =
        [
            new TestRecord { By = "tina", Result = "pass", Commit = _head, Revision = 2, At = T0.AddDays(1) },
            new TestRecord { By = "tom", Result = "fail", Commit = _head, Revision = 2, At = T0.AddDays(1).AddHours(1) },
            new TestRecord { By = "ted", Result = "pass", Commit = _oldHead, Revision = 1, At = T0 },
            new TestRecord { By = "tess", Result = "pass", Commit = _head, Revision = 2, At = T0.AddDays(1).AddHours(2) },
        ],
        Deployments =
        [
            new Deployment { Environment = "test-1", EnvironmentKind = "test", Commit = _head, By = "alice", Revision = 2, At = T0.AddHours(5) },
            new Deployment { Environment = "test-old", EnvironmentKind = "test", Commit = _oldHead, By = "alice", Revision = 1, At = T0 },
            new Deployment { Environment = "prod", EnvironmentKind = "production", Commit = _head, By = "sam", Revision = 2, At = T0.AddDays(4) },
        ],
        Blessing = new Blessing { By = "erin", Comment = "looks right", Commit = _head, At = T0.AddDays(2), EventSequence = 12 },
    };
}
