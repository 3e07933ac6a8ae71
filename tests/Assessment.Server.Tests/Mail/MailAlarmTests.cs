using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;
using static Assessment.Server.Tests.Mail.MailTests;

namespace Assessment.Server.Tests.Mail;

// The remaining mails of the system log (role removals, a broken log found by the server itself)
// and what must not be mailed (a comment is not a move of the patch).
public sealed class MailAlarmTests
{
    [Fact]
    public async Task A_role_removal_is_mailed_to_the_system_log_with_its_motion()
    {
        using var smtp = new SmtpSink();
        smtp.Start();
        using var app = MailApp(smtp);
        using var bob = await UserAsync(app, "bob", "assessor");
        using var admin = app.Admin;
        await ApiAssert.StatusAsync(await admin.PutAsJsonAsync("/api/users/bob/roles", new { roles = new[] { "tester" }, motion = "m20250101.2" }), HttpStatusCode.OK);
        var mail = await WaitForAsync(smtp, m => m.Subject == "[roles] bob: granted tester; removed assessor");
        Assert.Equal(SystemLog, Assert.Single(mail.To.Mailboxes).Address);
        Assert.Contains("(motion m20250101.2)", mail.TextBody ?? "", StringComparison.Ordinal);
        var e = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/audit/events")).EnumerateArray(),
            e => e.GetProperty("type").GetString() == "user.roles-changed");
        Assert.EndsWith($"Log: event {e.GetProperty("sequence").GetInt64()} {e.GetProperty("hash").GetString()}", (mail.TextBody ?? "").TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_the_server_finds_broken_at_start_up_is_mailed_once()
    {
        using var smtp = new SmtpSink();
        smtp.Start();
        var first = MailApp(smtp);
        first.KeepData = true;
        try
        {
            using var bob = await UserAsync(first, "bob", "assessor");
            await smtp.WaitForAsync(2); // admin and bob created
        }
        finally
        {
            first.Dispose();
        }
        first.ExecuteSql(first.DropAppendOnlyTriggersSql + """UPDATE "AuditEvents" SET "Actor" = 'mallory' WHERE "Sequence" = 2""");

        var second = new AssessmentApp(first) { KeepData = true };
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await second.CreateClient().GetAsync("/healthz")).StatusCode);
            var alarm = await WaitForAsync(smtp, m => (m.Subject ?? "").StartsWith("[LOG BROKEN]", StringComparison.Ordinal));
            Assert.Equal(SystemLog, Assert.Single(alarm.To.Mailboxes).Address);
            Assert.Contains("failed at event 2", alarm.TextBody ?? "", StringComparison.Ordinal);
            Assert.Matches(@"Log: event \d+ [0-9a-f]{64}\s*$", alarm.TextBody ?? "");
        }
        finally
        {
            second.Dispose();
        }
        // Found again by the next start: the same first bad event is not mailed again.
        using var third = new AssessmentApp(second);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await third.CreateClient().GetAsync("/healthz")).StatusCode);
        using var admin = third.Admin;
        var alarms = (await admin.GetFromJsonAsync<JsonElement>("/api/mail/outbox")).EnumerateArray()
            .Where(m => m.GetProperty("subject").GetString()!.StartsWith("[LOG BROKEN]", StringComparison.Ordinal)).ToList();
        Assert.Single(alarms);
    }

    [Fact]
    public async Task A_comment_mails_nobody_that_the_patch_waits_for_them()
    {
        using var smtp = new SmtpSink();
        smtp.Start();
        using var git = TempGitRepo.Create();
        var initial = git.Commit("Initial import", new Dictionary<string, string?> { ["README"] = "x\n" });
        git.Branch("release");
        var fix = git.Commit("Escape user names", new Dictionary<string, string?> { ["a.php"] = "a\n" });
        using var app = MailApp(smtp);
        await app.RegisterRepositoryAsync("cacert-devel", git.Path);
        using var alice = await UserAsync(app, "alice", "developer");
        using var bob = await UserAsync(app, "bob", "assessor");
        using var carol = await UserAsync(app, "carol", "assessor");
        var id = (await ApiAssert.StatusAsync(await alice.PostAsJsonAsync("/api/patches",
            new { repository = "cacert-devel", title = "t", @base = initial, head = fix }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await ApiAssert.StatusAsync(await carol.PostAsJsonAsync($"/api/patches/{id}/comments", new { body = "Why this way?" }), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await alice.PostAsJsonAsync($"/api/patches/{id}/comments", new { body = "Because." }), HttpStatusCode.Created);

        using var admin = app.Admin;
        var toBob = (await admin.GetFromJsonAsync<JsonElement>("/api/mail/outbox")).EnumerateArray()
            .Where(m => m.GetProperty("recipients").GetString() == "bob@example.org").Select(m => m.GetProperty("subject").GetString()).ToList();
        Assert.Equal([$"[patch {id}] waiting for you: review: t"], toBob);
    }
}
