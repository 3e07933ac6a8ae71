using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;
using MimeKit;

namespace Assessment.Server.Tests.Mail;

// The system log by mail, through a real SMTP server on loopback.
public sealed class MailTests
{
    internal const string SystemLog = "system-log@lists.example.org";

    [Fact]
    public async Task Critical_changes_reach_the_system_log_ending_with_their_log_position_and_people_get_what_waits_for_them()
    {
        using var smtp = new SmtpSink();
        smtp.Start();
        using var git = TempGitRepo.Create();
        var initial = git.Commit("Initial import", new Dictionary<string, string?> { ["README"] = "x\n" });
        git.Branch("release");
        var fix = git.Commit("Escape user names", new Dictionary<string, string?> { ["a.php"] = "a\n" });
        using var app = MailApp(smtp);
        await app.RegisterRepositoryAsync("cacert-devel", git.Path);
        var c = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var (name, role) in new[] { ("alice", "developer"), ("bob", "assessor"), ("carol", "assessor"), ("dave", "tester"), ("erin", "tester"), ("sam", "sysadmin") })
        {
            c[name] = await UserAsync(app, name, role);
        }
        // Carol turns off the mails about patches waiting for her.
        await ApiAssert.StatusAsync(await c["carol"].PutAsJsonAsync("/api/me/mail", new { personal = false }), HttpStatusCode.OK);

        var id = (await ApiAssert.StatusAsync(await c["alice"].PostAsJsonAsync("/api/patches",
            new { repository = "cacert-devel", title = "Escape user names", @base = initial, head = fix }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        foreach (var (who, path, body) in new (string, string, object)[]
        {
            ("bob", "reviews", new { verdict = "approve" }), ("carol", "reviews", new { verdict = "approve" }),
            ("bob", "deployments", new { environment = "test", commit = fix }),
            ("dave", "tests", new { result = "pass" }), ("erin", "tests", new { result = "pass" }),
            ("carol", "blessing", new { comment = "ok" }), ("sam", "deployments", new { environment = "production", commit = fix }),
        })
        {
            await ApiAssert.StatusAsync(await c[who].PostAsJsonAsync($"/api/patches/{id}/{path}", body), HttpStatusCode.Created);
        }
        await ApiAssert.StatusAsync(await c["sam"].PostAsJsonAsync("/api/emergencies",
            new { repository = "cacert-devel", commit = fix, title = "Heartbleed", reason = "CVE-2014-0160 is remotely exploitable" }), HttpStatusCode.Created);

        using var admin = app.Admin;
        var events = (await admin.GetFromJsonAsync<JsonElement>("/api/audit/events")).EnumerateArray().ToList();
        var outbox = (await admin.GetFromJsonAsync<JsonElement>("/api/mail/outbox")).EnumerateArray().ToList();
        var received = await smtp.WaitForAsync(outbox.Count);

        // Each system-log mail ends with the position and hash of its event in the log.
        MimeMessage Log(string type, string subjectStart)
        {
            var e = Assert.Single(events, e => e.GetProperty("type").GetString() == type
                && (type != "patch.deployed" || e.GetProperty("data").GetProperty("details").GetProperty("kind").GetString() == "production"));
            var mail = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == SystemLog) && (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal));
            Assert.EndsWith($"Log: event {e.GetProperty("sequence").GetInt64()} {e.GetProperty("hash").GetString()}", (mail.TextBody ?? "").TrimEnd(), StringComparison.Ordinal);
            return mail;
        }
        Log("patch.blessed", "[blessed] regular patch 1 blessed by carol");
        Log("patch.deployed", "[production] regular patch 1 deployed to production by sam");
        var emergency = Log("emergency.declared", "[EMERGENCY] emergency patch 2 deployed to production by sam");
        Assert.Contains("Reason: CVE-2014-0160 is remotely exploitable", emergency.TextBody ?? "", StringComparison.Ordinal);
        Assert.Contains(received, m => m.To.Mailboxes.Any(a => a.Address == SystemLog) && m.Subject == "[roles] bob created with assessor");

        // The emergency also goes to those who may review it; the submission to the assessors
        // who did not opt out; nothing personal to the actor.
        Assert.Contains(received, m => m.To.Mailboxes.Any(a => a.Address == "bob@example.org") && (m.Subject ?? "").StartsWith("[EMERGENCY]", StringComparison.Ordinal));
        Assert.Contains(received, m => m.To.Mailboxes.Any(a => a.Address == "bob@example.org") && (m.Subject ?? "").StartsWith("[patch 1] waiting for you: review", StringComparison.Ordinal));
        Assert.DoesNotContain(received, m => m.To.Mailboxes.Any(a => a.Address == "carol@example.org") && (m.Subject ?? "").StartsWith("[patch", StringComparison.Ordinal));
        Assert.Contains(received, m => m.To.Mailboxes.Any(a => a.Address == "sam@example.org") && (m.Subject ?? "").StartsWith("[patch 1] waiting for you: deploy-production", StringComparison.Ordinal));
        Assert.Contains(received, m => m.To.Mailboxes.Any(a => a.Address == "alice@example.org") && m.Subject == "[patch 1] now blessed: Escape user names");
        Assert.DoesNotContain(received, m => m.To.Mailboxes.Any(a => a.Address == "alice@example.org") && (m.Subject ?? "").StartsWith("[patch 1] waiting", StringComparison.Ordinal));
        Assert.All(received, m => Assert.Matches(@"Log: event \d+ [0-9a-f]{64}\s*$", m.TextBody ?? ""));
        Assert.Equal(outbox.Count, received.Count);
    }

    [Fact]
    public async Task Changes_requested_reach_the_author_and_an_overdue_emergency_is_reminded_once_a_day()
    {
        using var smtp = new SmtpSink();
        smtp.Start();
        using var git = TempGitRepo.Create();
        var initial = git.Commit("Initial import", new Dictionary<string, string?> { ["README"] = "x\n" });
        git.Branch("release");
        var fix = git.Commit("Upgrade OpenSSL", new Dictionary<string, string?> { ["o"] = "1.0.1g\n" });
        using var app = MailApp(smtp);
        await app.RegisterRepositoryAsync("cacert-devel", git.Path);
        using var alice = await UserAsync(app, "alice", "developer");
        using var bob = await UserAsync(app, "bob", "assessor");
        using var sam = await UserAsync(app, "sam", "sysadmin");
        var id = (await ApiAssert.StatusAsync(await alice.PostAsJsonAsync("/api/patches",
            new { repository = "cacert-devel", title = "t", @base = initial, head = fix }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await ApiAssert.StatusAsync(await bob.PostAsJsonAsync($"/api/patches/{id}/reviews", new { verdict = "request-changes", comment = "no" }), HttpStatusCode.Created);
        var toAlice = await WaitForAsync(smtp, m => m.To.Mailboxes.Any(a => a.Address == "alice@example.org"));
        Assert.Equal($"[patch {id}] now changes-requested: t", toAlice.Subject);
        Assert.Contains("You may: revise", toAlice.TextBody ?? "", StringComparison.Ordinal);

        await ApiAssert.StatusAsync(await sam.PostAsJsonAsync("/api/emergencies",
            new { repository = "cacert-devel", commit = fix, title = "Heartbleed", reason = "exploit" }), HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromDays(15));
        var first = await WaitForAsync(smtp, m => (m.Subject ?? "").Contains("[OVERDUE]", StringComparison.Ordinal) && m.To.Mailboxes.Any(a => a.Address == SystemLog));
        Assert.StartsWith("[EMERGENCY] [OVERDUE] emergency patch 2 has no outcome 1 day(s) after its deadline", first.Subject ?? "", StringComparison.Ordinal);
        await WaitForAsync(smtp, m => (m.Subject ?? "").Contains("[OVERDUE]", StringComparison.Ordinal) && m.To.Mailboxes.Any(a => a.Address == "bob@example.org"));
        app.Clock.Advance(TimeSpan.FromDays(1));
        var second = await WaitForAsync(smtp, m => (m.Subject ?? "").Contains("2 day(s) after", StringComparison.Ordinal) && m.To.Mailboxes.Any(a => a.Address == SystemLog));
        Assert.NotEqual(first.MessageId, second.MessageId);

        using var admin = app.Admin;
        var reminders = (await admin.GetFromJsonAsync<JsonElement>("/api/audit/events?patch=2")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "emergency.overdue").ToList();
        Assert.Equal(2, reminders.Count);
    }

    [Fact]
    public async Task With_the_SMTP_server_down_mails_wait_and_arrive_exactly_once_after_a_restart()
    {
        using var smtp = new SmtpSink();
        var first = MailApp(smtp);
        first.KeepData = true;
        try
        {
            using var u1 = await UserAsync(first, "bob", "assessor");
            using var u2 = await UserAsync(first, "carol", "assessor");
            using var admin = first.Admin;
            // Tried, refused by the absent server, waiting with the reason.
            var waiting = await PollAsync(admin, list => list.Count == 3 && list.All(m => m.GetProperty("attempts").GetInt32() >= 1));
            Assert.All(waiting, m => Assert.Contains("cannot connect", m.GetProperty("lastError").GetString(), StringComparison.Ordinal));
            Assert.All(waiting, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("sentAt").ValueKind));
        }
        finally
        {
            first.Dispose();
        }

        smtp.Start();
        using var second = new AssessmentApp(first);
        second.Clock.Advance(TimeSpan.FromHours(2)); // past the back-off
        using (var admin = second.Admin)
        {
            var sent = await PollAsync(admin, list => list.Count == 3 && list.All(m => m.GetProperty("sentAt").ValueKind != JsonValueKind.Null));
            var received = await smtp.WaitForAsync(3);
            // Every outbox mail is marked sent, so none can be sent again: three arrived, once each.
            Assert.Equal(["[roles] admin created with admin", "[roles] bob created with assessor", "[roles] carol created with assessor"],
                received.Select(m => m.Subject).Order(StringComparer.Ordinal));
            Assert.Equal(3, received.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
            Assert.All(sent, m => Assert.True(m.GetProperty("attempts").GetInt32() >= 2));
        }
    }

    internal static AssessmentApp MailApp(SmtpSink smtp)
    {
        var app = new AssessmentApp();
        app.Settings["Assessment:Mail:Host"] = "127.0.0.1";
        app.Settings["Assessment:Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Assessment:Mail:From"] = "assessment@example.org";
        app.Settings["Assessment:Mail:SystemLog:0"] = SystemLog;
        return app;
    }

    internal static async Task<HttpClient> UserAsync(AssessmentApp app, string name, string role)
    {
        using var admin = app.Admin;
        var created = await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users",
            new { name, roles = new[] { role }, motion = "m-test", email = $"{name}@example.org" }), HttpStatusCode.Created);
        return app.As(created.GetProperty("token").GetString()!);
    }

    internal static async Task<MimeMessage> WaitForAsync(SmtpSink smtp, Func<MimeMessage, bool> match)
    {
        for (var waited = 0; !smtp.Received.Any(match); waited++)
        {
            if (waited == 1200) Assert.Fail("no such mail within 60 s; received: " + string.Join("; ", smtp.Received.Select(m => $"{m.To}: {m.Subject}")));
            await Task.Delay(50);
        }
        return smtp.Received.First(match);
    }

    private static async Task<List<JsonElement>> PollAsync(HttpClient admin, Func<List<JsonElement>, bool> done)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var list = (await admin.GetFromJsonAsync<JsonElement>("/api/mail/outbox", limit.Token)).EnumerateArray().ToList();
            if (done(list)) return list;
            await Task.Delay(50, limit.Token);
        }
    }
}
