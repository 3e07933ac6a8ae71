using System.Text.Json;
using Assessment.Core.Evidence;

namespace Assessment.Core.Tests.Evidence;

public sealed class ReportRenderingTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Script = "<script>alert(1)</script>";
    private static readonly DateTimeOffset From = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void User_text_is_shown_as_text_in_html_never_as_markup()
    {
        var html = PeriodReport.ToHtml(Sample(title: "Fix " + Script, reason: "<img src=x onerror=alert(2)> [x](javascript:alert(3))"));

        Assert.Contains("Fix &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_or_newline_in_a_title_stays_inside_its_table_cell()
    {
        var html = PeriodReport.ToHtml(Sample(title: "a | b\n| c |", reason: "r"));

        Assert.Contains("a | b | c |", html, StringComparison.Ordinal);
        var row = html[html.IndexOf("a | b", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Equal(4, row.Split("<td>").Length - 1); // the title's cell plus the four after it
    }

    [Fact]
    public void Markdown_has_the_sections_the_board_reads_with_the_exact_commit()
    {
        var md = PeriodReport.ToMarkdown(Sample(title: "Escape names", reason: "Heartbleed"));

        foreach (var heading in new[]
        {
            "# Change report 2026-03-01 to 2026-03-15", "## Summary", "## Production deployments", "## Emergencies",
            "### Emergency \\#8: Escape names", "## Overdue reviews (escalation)", "## Waiting, by step", "## Who carried the load",
        })
        {
            Assert.Contains("\n" + heading + "\n", "\n" + md, StringComparison.Ordinal);
        }
        Assert.Contains($"`{Commit}`", md, StringComparison.Ordinal);
        Assert.Contains("event 42, head hash `h42`", md, StringComparison.Ordinal);
        Assert.Contains("key `key-id`, signature `c2ln`", md, StringComparison.Ordinal);
        Assert.Contains("reviews: bob **approve** 2026-03-02 09:00 UTC, carol **request\\-changes** 2026-03-02 10:30 UTC; " +
            "tests: _none (no longer awaited)_; blessed by carol", md, StringComparison.Ordinal);
        Assert.Contains("| Time to outcome | 3 days 0 h 0 min (outcome 2026-03-05 09:00 UTC) |", md, StringComparison.Ordinal);
        Assert.Contains("| Emergencies per 30 days | 2 (1 in 15 days) |", md, StringComparison.Ordinal);
        Assert.Contains("| Remedial follow-ups | \\#9 \\<b\\>Disable heartbeats\\</b\\> (deployed) |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_the_record_in_camel_case()
    {
        using var json = JsonDocument.Parse(PeriodReport.ToJson(Sample(title: "t", reason: "r")));
        var root = json.RootElement;

        Assert.Equal(42, root.GetProperty("checkpoint").GetProperty("sequence").GetInt64());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("emergencyDeployments").GetInt32());
        var deployment = root.GetProperty("deployments")[0];
        Assert.Equal(Commit, deployment.GetProperty("commit").GetString());
        Assert.Equal(["bob", "carol"], deployment.GetProperty("reviewers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["approve", "request-changes"],
            deployment.GetProperty("reviews").EnumerateArray().Select(e => e.GetProperty("verdict").GetString()));
        Assert.Equal(72, root.GetProperty("emergencies")[0].GetProperty("hoursToOutcome").GetDouble());
        Assert.Equal(From, root.GetProperty("from").GetDateTimeOffset());
    }

    [Fact]
    public void An_emergency_shows_every_review_with_its_verdict_and_no_tests_of_a_closed_case_as_none()
    {
        var md = PeriodReport.ToMarkdown(Sample(title: "t", reason: "r"));

        Assert.Contains("| Reviews | bob **approve** 2026-03-02 09:00 UTC, carol **request\\-changes** 2026-03-02 10:30 UTC |",
            md, StringComparison.Ordinal);
        Assert.Contains("| Tests | _none (no longer awaited)_ |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("nobody yet", md, StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_case_without_tests_says_none_yet()
    {
        var md = PeriodReport.ToMarkdown(Sample(title: "t", reason: "r", outcome: null));

        Assert.Contains("| Tests | _none yet_ |", md, StringComparison.Ordinal);
        Assert.Contains("| Time to outcome | open for 18 days 15 h 0 min |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_are_in_hours_and_minutes_and_seconds_are_not_rounded_to_zero_hours()
    {
        var fiveSeconds = PeriodReport.ToMarkdown(Sample(title: "t", reason: "r", outcome: TimeSpan.FromSeconds(5)));
        var ninetyMinutes = PeriodReport.ToMarkdown(Sample(title: "t", reason: "r", outcome: TimeSpan.FromMinutes(90)));

        Assert.Contains("| Time to outcome | under a minute (5 s) (outcome 2026-03-02 09:00 UTC) |", fiveSeconds, StringComparison.Ordinal);
        Assert.Contains("| Time to outcome | 1 h 30 min (outcome 2026-03-02 10:30 UTC) |", ninetyMinutes, StringComparison.Ordinal);
        Assert.DoesNotContain("0 hours", fiveSeconds, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_of_one_emergency_in_a_century_is_not_rounded_to_zero()
    {
        var md = PeriodReport.ToMarkdown(Sample(title: "t", reason: "r") with
        {
            Summary = new ReportSummary(36525, 1, 1, 30.0 / 36525, 0),
        });

        Assert.Contains("| Emergencies per 30 days | 0.00082 (1 in 36525 days) |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_html_and_json_give_the_checkpoint_exactly_as_signed()
    {
        using var key = SigningKey.Generate();
        var signed = Checkpoint.Sign(key, 42, new string('4', 64), From.AddHours(5).AddSeconds(7));
        var data = Sample(title: "t", reason: "r") with { Checkpoint = signed };

        foreach (var text in new[] { PeriodReport.ToMarkdown(data), System.Net.WebUtility.HtmlDecode(PeriodReport.ToHtml(data)) })
        {
            var line = text.Split('\n').Single(l => l.Contains("{\"sequence\":", StringComparison.Ordinal));
            var json = line[line.IndexOf('{', StringComparison.Ordinal)..];
            var back = JsonSerializer.Deserialize<SignedCheckpoint>(json, EvidenceJson.Options)!;
            Assert.Equal(signed, back);
            Assert.True(Checkpoint.VerifySignature(back, key.PublicKeyPem));
        }
        using var report = JsonDocument.Parse(PeriodReport.ToJson(data));
        var fromJson = JsonSerializer.Deserialize<SignedCheckpoint>(report.RootElement.GetProperty("checkpoint").GetRawText(), EvidenceJson.Options)!;
        Assert.True(Checkpoint.VerifySignature(fromJson, key.PublicKeyPem));
        Assert.Equal("2026-03-01T05:00:07Z", report.RootElement.GetProperty("checkpoint").GetProperty("at").GetString());
    }

    private static ReportData Sample(string title, string reason) => Sample(title, reason, TimeSpan.FromDays(3));

    private static ReportData Sample(string title, string reason, TimeSpan? outcome)
    {
        var declared = From.AddDays(1).AddHours(9);
        ReportVerdict[] reviews = [new("bob", "approve", declared), new("carol", "request-changes", declared.AddMinutes(90))];
        return new ReportData(From, From.AddDays(15), From.AddDays(20), new SignedCheckpoint(42, "h42", From, "key-id", "c2ln"),
            new ReportSummary(15, 1, 1, 2, 0),
            [new ReportDeployment(8, "emergency", title, "cacert", Commit, "alice", ["bob", "carol"], ["dave", "erin"],
                reviews, [], outcome is not null, "carol", "production", "sam", null, declared, true)],
            [new ReportEmergency(8, title, "cacert", "sam", declared, Commit, "Alice <alice@example.org>", reason, "a1",
                outcome is null ? "awaiting-review" : "blessed", declared.AddDays(14), declared + outcome, outcome?.TotalHours,
                outcome is null ? (From.AddDays(20) - declared).TotalHours : null, false, reviews, [],
                [new ReportFollowUp(9, "<b>Disable heartbeats</b>", "deployed")])],
            [], [new ReportWaitingState("regular", "submitted", [new ReportWaiting(9, title, "cacert", From, 20)])],
            [new ReportPerson("bob", 1, 0, 0, 0, 0)]);
    }
}
