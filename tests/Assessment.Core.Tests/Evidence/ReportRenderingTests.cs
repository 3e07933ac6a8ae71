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
        Assert.Contains("reviewed by bob, carol; tested by dave, erin; blessed by carol", md, StringComparison.Ordinal);
        Assert.Contains("| Time to outcome | 3 days (outcome 2026-03-05 09:00 UTC) |", md, StringComparison.Ordinal);
        Assert.Contains("| Emergencies per 30 days | 2 |", md, StringComparison.Ordinal);
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
        Assert.Equal(72, root.GetProperty("emergencies")[0].GetProperty("hoursToOutcome").GetDouble());
        Assert.Equal(From, root.GetProperty("from").GetDateTimeOffset());
    }

    private static ReportData Sample(string title, string reason)
    {
        var declared = From.AddDays(1).AddHours(9);
        return new ReportData(From, From.AddDays(15), From.AddDays(20), new SignedCheckpoint(42, "h42", From, "key-id", "c2ln"),
            new ReportSummary(15, 1, 1, 2, 0),
            [new ReportDeployment(8, "emergency", title, "cacert", Commit, "alice", ["bob", "carol"], ["dave", "erin"], "carol",
                "production", "sam", null, declared, true)],
            [new ReportEmergency(8, title, "cacert", "sam", declared, Commit, "Alice <alice@example.org>", reason, "a1", "blessed",
                declared.AddDays(14), declared.AddDays(3), 72, null, false, [new ReportFollowUp(9, "<b>Disable heartbeats</b>", "deployed")])],
            [], [new ReportWaitingState("regular", "submitted", [new ReportWaiting(9, title, "cacert", From, 20)])],
            [new ReportPerson("bob", 1, 0, 0, 0, 0)]);
    }
}
