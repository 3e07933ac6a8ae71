using Microsoft.Playwright;
using static Assessment.Server.Tests.Pages.BrowserSteps;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// An emergency blessed after the fact, in the browser: sam declares it (deployed to production
// at once), the assessors review it in the aftermath, one puts it on test, two testers pass it
// and an assessor blesses it, which ends its after-the-fact review before the deadline. After
// each step every person's queue says what waits for them; the report shows the outcome.
public sealed class EmergencyBlessingBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task An_emergency_is_reviewed_tested_and_blessed_after_the_fact_in_the_browser()
    {
        using var s = await PageServer.StartAsync();
        await s.AddUserAsync("erin", "tester");
        await s.AddUserAsync("olga", "auditor");
        var names = new[] { "alice", "bob", "carol", "dave", "erin", "sam" };
        var people = new Dictionary<string, IPage>(StringComparer.Ordinal);
        foreach (var name in names.Append("olga"))
        {
            people[name] = await chromium.NewPageAsync(s.BaseAddress);
            await s.SignInAsync(people[name], name);
        }
        var (bob, carol, dave, erin, sam) = (people["bob"], people["carol"], people["dave"], people["erin"], people["sam"]);

        async Task QueuesAsync(int patch, params (string Name, string? Actions)[] expected)
        {
            foreach (var name in names)
            {
                await ExpectQueueAsync(people[name], patch, expected.FirstOrDefault(e => e.Name == name).Actions);
            }
        }

        // sam declares: the commit and its range are resolved and shown first.
        await sam.GotoAsync("/emergencies/new");
        await sam.GetByLabel("Title").FillAsync("Escape user names now");
        await sam.GetByLabel("Commit (deployed, or about to be: sha, short sha or branch)").FillAsync(s.Fix1[..9]);
        await sam.GetByLabel("Base (optional: the production commit before it)").FillAsync("release");
        await sam.GetByLabel("Reason (why it cannot wait)").FillAsync("XSS exploited in the wild");
        await sam.GetByLabel("Arbitration case (optional)").FillAsync("a20260412.1");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Check refs" }).ClickAsync();
        await Expect(sam.Locator(".refcheck tbody tr")).ToHaveCountAsync(1);
        await Expect(sam.Locator(".refcheck tbody tr")).ToContainTextAsync("Escape user names");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Declare emergency" }).ClickAsync();
        await Expect(sam.Locator(".notice")).ToContainTextAsync("The emergency was declared");
        var id = IdOf(sam);
        await ExpectStateAsync(sam, "awaiting-review");
        await Expect(sam.Locator("table.deployments tbody tr")).ToContainTextAsync("emergency");
        await Expect(sam.Locator("dl.facts")).ToContainTextAsync("a20260412.1");
        await Expect(sam.Locator("dl.facts")).ToContainTextAsync("Review deadline");
        await Expect(Events(sam, "emergency.declared")).ToHaveCountAsync(1);
        await Expect(sam.Locator(".no-actions")).ToBeVisibleAsync(); // the declarer takes no part in its review
        await QueuesAsync(id, ("bob", "review"), ("carol", "review"));
        var row = bob.Locator("table.queue tbody tr", new() { HasText = $"#{id} " });
        await Expect(row.Locator(".badge.emergency")).ToBeVisibleAsync();

        // Hours later (within a session's 12) the assessors read the diff and approve it in the aftermath.
        s.App.Clock.Advance(TimeSpan.FromHours(5));
        await bob.GotoAsync($"/patches/{id}");
        await Expect(bob.Locator(".diff-file[data-path='account.php'] tr.add td.t")).ToHaveTextAsync("<?php echo htmlspecialchars($n);");
        await ReviewAsync(bob, id, "Approve", "Right fix.");
        await ReviewAsync(carol, id, "Approve");
        await ExpectStateAsync(carol, "reviewed");
        await QueuesAsync(id, ("bob", "review, deploy-test"), ("carol", "review, deploy-test"));

        // carol puts the emergency commit on the test server; dave and erin pass it.
        await ClickAsync(carol, id, "Deploy to test");
        await ExpectStateAsync(carol, "on-test");
        await QueuesAsync(id, ("bob", "review, deploy-test"), ("carol", "review, deploy-test"), ("dave", "test"), ("erin", "test"));
        await TestAsync(dave, id);
        await TestAsync(erin, id);
        await ExpectStateAsync(erin, "tested");
        await QueuesAsync(id, ("bob", "review, bless"), ("carol", "review, bless"), ("dave", "test"), ("erin", "test"));

        // bob blesses it after the fact: a final state; the review ended within its deadline.
        await ClickAsync(bob, id, "Bless");
        await ExpectStateAsync(bob, "blessed");
        await Expect(bob.Locator("p.blessing")).ToContainTextAsync("Blessed by bob");
        await Expect(bob.Locator(".badge.overdue")).ToHaveCountAsync(0);
        await Expect(Events(bob, "emergency.outcome")).ToHaveCountAsync(1);
        await Expect(bob.Locator("ol.timeline li").Last).ToContainTextAsync("emergency.outcome");
        foreach (var name in names) await ExpectNothingWaitsAsync(people[name]);

        // The auditor sees it in the period report: one emergency, its hours to outcome under its deadline.
        var olga = people["olga"];
        await olga.GotoAsync("/audit");
        await Expect(olga.Locator(".verified").First).ToContainTextAsync("The log verifies");
        var bar = olga.Locator("#chart-emergencies svg g.bar");
        await Expect(bar).ToHaveCountAsync(1);
        await Expect(bar).ToContainTextAsync($"#{id}");
        await Expect(bar).ToContainTextAsync("5 h to outcome, deadline 336 h");
    }
}
