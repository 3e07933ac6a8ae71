using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// The whole process in the browser, each step by the person whose step it is: an emergency is
// declared and changes are requested on it; its remedial follow-up is submitted, discussed on a
// line of its diff, reviewed, tested (one pass that does not count), blessed and deployed to
// production, which remediates the emergency. After each step the page shows what it must.
public sealed class LifecycleBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task An_emergency_and_its_remedial_follow_up_from_declaration_to_production_in_the_browser()
    {
        using var s = await PageServer.StartAsync();
        await s.AddUserAsync("tess", "assessor", "tester"); // approves, then tests: her pass does not count
        await s.AddUserAsync("erin", "tester");
        var people = new Dictionary<string, IPage>(StringComparer.Ordinal);
        foreach (var name in new[] { "alice", "bob", "carol", "dave", "erin", "tess", "sam" })
        {
            people[name] = await chromium.NewPageAsync(s.BaseAddress);
            await s.SignInAsync(people[name], name);
        }

        // sam declares the emergency: the page resolves the commit and shows it before declaring.
        var sam = people["sam"];
        await sam.GotoAsync("/emergencies/new");
        await sam.GetByLabel("Title").FillAsync("Escape user names now");
        await sam.GetByLabel("Commit (deployed, or about to be: sha, short sha or branch)").FillAsync(s.Fix1[..9]);
        await sam.GetByLabel("Reason (why it cannot wait)").FillAsync("XSS exploited in the wild");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Check refs" }).ClickAsync();
        await Expect(sam.Locator(".refcheck")).ToContainTextAsync("Escape user names");
        await Expect(sam.Locator(".refcheck dd code")).ToHaveTextAsync(s.Fix1);
        await sam.GetByRole(AriaRole.Button, new() { Name = "Declare emergency" }).ClickAsync();
        await Expect(sam.Locator(".notice")).ToContainTextAsync("The emergency was declared");
        var emergency = IdOf(sam);
        s.App.Clock.Advance(TimeSpan.FromHours(2)); // waits have an age (under a session's 12 hours in all)
        await Expect(sam.Locator("ol.states li.current")).ToHaveTextAsync("awaiting-review");
        await Expect(sam.Locator("table.deployments")).ToContainTextAsync("emergency");

        // bob finds it in his queue and asks for changes.
        var bob = people["bob"];
        await bob.GotoAsync("/");
        await Expect(bob.Locator("table.queue tbody tr")).ToHaveCountAsync(1);
        await Expect(bob.Locator("table.queue tbody tr")).ToContainTextAsync("emergency");
        await bob.GotoAsync($"/patches/{emergency}");
        await bob.GetByLabel("Request remedial changes").CheckAsync(); // emergency.md's label
        await bob.Locator("#review-comment").FillAsync("Escape the e-mail address too.");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(bob.Locator("ol.states li.current")).ToHaveTextAsync("changes-requested");

        // alice submits the remedial follow-up: the refs are resolved and shown, then submitted.
        var alice = people["alice"];
        await alice.GotoAsync("/patches/new");
        await alice.GetByLabel("Title").FillAsync("Escape e-mail addresses too");
        await alice.GetByLabel("Base (sha, short sha or branch: what production runs)").FillAsync(s.Fix1[..10]);
        await alice.GetByLabel("Head (sha, short sha or branch: the change)").FillAsync(s.Fix2);
        await alice.GetByLabel("Description (Markdown)").FillAsync("Follows the emergency: `h($e)` as well.");
        await alice.GetByLabel("Follows emergency # (optional: this is its remedial follow-up)").FillAsync($"{emergency}");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Check refs" }).ClickAsync();
        await Expect(alice.Locator(".refcheck tbody tr")).ToHaveCountAsync(1);
        await Expect(alice.Locator(".refcheck tbody tr")).ToContainTextAsync("Escape e-mail addresses too");
        await Expect(alice.GetByLabel("Base (sha, short sha or branch: what production runs)")).ToHaveValueAsync(s.Fix1);
        await alice.GetByRole(AriaRole.Button, new() { Name = "Submit patch" }).ClickAsync();
        await Expect(alice.Locator(".notice")).ToContainTextAsync("The patch was submitted.");
        var id = IdOf(alice);
        s.App.Clock.Advance(TimeSpan.FromHours(3));
        await Expect(alice.Locator("dl.facts")).ToContainTextAsync($"emergency #{emergency}");

        // A refused action shows the service's message on the page and records nothing.
        await alice.GetByLabel("New head (sha, short sha or branch)").FillAsync("no-such-branch");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Revise" }).ClickAsync();
        await Expect(alice.Locator(".error")).ToContainTextAsync("head");
        await Expect(alice.Locator(".error")).ToContainTextAsync("no-such-branch");
        await Expect(alice.Locator("code.head")).ToHaveTextAsync(s.Fix2);

        // bob's queue now holds the follow-up; the diff shows its lines; he comments on one.
        await bob.GotoAsync("/");
        await Expect(bob.Locator("header .count")).ToHaveTextAsync("1");
        await Expect(bob.Locator("table.queue tbody tr")).ToContainTextAsync($"#{id} Escape e-mail addresses too");
        await Expect(bob.Locator("table.queue td.age")).ToHaveTextAsync("3 h");
        await Screenshots.SaveAsync(bob, "lifecycle-queue.png");
        await bob.GotoAsync($"/patches/{id}");
        var file = bob.Locator(".diff-file[data-path='account.php']");
        await Expect(file.Locator("h3")).ToContainTextAsync("+1 -1");
        await Expect(file.Locator("tr.del td.t")).ToHaveTextAsync("<?php echo htmlspecialchars($n);");
        await Expect(file.Locator("tr.add td.t")).ToHaveTextAsync("<?php echo h($n), h($e);");
        await file.GetByRole(AriaRole.Link, new() { Name = "Comment on line 1 of account.php" }).ClickAsync();
        await bob.Locator("#comment-body").FillAsync("Is h() defined for arrays?");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Expect(file.Locator("tr.note .comment")).ToContainTextAsync("Is h() defined for arrays?");

        // alice answers in the thread.
        await alice.GotoAsync($"/patches/{id}");
        await alice.GetByLabel("Answer bob").FillAsync("Yes, since 2011.");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();
        var thread = alice.Locator(".diff-file[data-path='account.php'] .thread");
        await Expect(thread.Locator(".comment")).ToHaveCountAsync(2);
        await Expect(thread.Locator(".comment.reply")).ToContainTextAsync("Yes, since 2011.");

        // Two approvals (bob, tess), then bob puts it on the test server.
        await ReviewAsync(bob, id, "Approve");
        await Expect(bob.Locator("table.counts tr", new() { HasText = "approvals" })).ToContainTextAsync("1 of 2");
        await ReviewAsync(people["tess"], id, "Approve");
        await Expect(people["tess"].Locator("ol.states li.current")).ToHaveTextAsync("reviewed");
        await bob.GotoAsync($"/patches/{id}");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Deploy to test" }).ClickAsync();
        await Expect(bob.Locator("ol.states li.current")).ToHaveTextAsync("on-test");
        s.App.Clock.Advance(TimeSpan.FromHours(2));

        // tess approved, so her pass is recorded but does not count; the page says why.
        var tess = people["tess"];
        await TestAsync(tess, id);
        await Expect(tess.Locator(".notice").Last).ToContainTextAsync("Recorded, but it does not count");
        await Expect(tess.Locator("table.counts tr", new() { HasText = "passes" })).ToContainTextAsync("0 of 2");
        await TestAsync(people["dave"], id);
        await TestAsync(people["erin"], id);
        await Expect(people["erin"].Locator("ol.states li.current")).ToHaveTextAsync("tested");

        // carol blesses; sam sees the hand-over and deploys to production with a witness.
        var carol = people["carol"];
        await carol.GotoAsync($"/patches/{id}");
        await carol.GetByRole(AriaRole.Button, new() { Name = "Bless" }).ClickAsync();
        await Expect(carol.Locator("ol.states li.current")).ToHaveTextAsync("blessed");
        await sam.GotoAsync("/");
        await Expect(sam.Locator("table.queue tbody tr")).ToContainTextAsync("deploy-production");
        await sam.GotoAsync($"/patches/{id}");
        await Expect(sam.Locator("#deploy-production-form .handover")).ToContainTextAsync("blessed by carol");
        await sam.GetByLabel("Witness (second pair of eyes)").FillAsync("dave");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Deploy to production" }).ClickAsync();
        await Expect(sam.Locator("ol.states li.current")).ToHaveTextAsync("deployed");
        await Expect(sam.Locator(".no-actions")).ToBeVisibleAsync();

        // The timeline holds every event; the emergency is remediated by the follow-up.
        var timeline = sam.Locator("ol.timeline li");
        await Expect(timeline.First).ToContainTextAsync("alice patch.submitted");
        await Expect(timeline.Filter(new() { HasText = "patch.tested" })).ToHaveCountAsync(3);
        await Expect(timeline.Filter(new() { HasText = "comment.added" })).ToHaveCountAsync(2);
        await Expect(timeline.Last).ToContainTextAsync("sam patch.deployed");
        await Screenshots.SaveAsync(sam, "lifecycle-patch.png");
        await sam.GotoAsync($"/patches/{emergency}");
        await Expect(sam.Locator("ol.states li.current")).ToHaveTextAsync("remediated");
        foreach (var name in new[] { "alice", "bob", "carol", "dave", "erin", "tess", "sam" })
        {
            await people[name].GotoAsync("/");
            await Expect(people[name].Locator("p.none")).ToHaveTextAsync("Nothing waits for you now.");
        }

        // The auditor's page: the log verifies; the pictures show the emergency and the load.
        await sam.GotoAsync("/audit");
        await Expect(sam.Locator(".verified").First).ToContainTextAsync("The log verifies");
        await Expect(sam.Locator("#chart-emergencies svg text").First).ToContainTextAsync($"#{emergency}");
        await Expect(sam.Locator("#chart-load svg")).ToContainTextAsync("bob");
        await Expect(sam.Locator("table.deployments")).ToContainTextAsync($"#{id}");
        await Screenshots.SaveAsync(sam, "report.png");

        // The overview: the weekly trend and the emergency against its deadline.
        await sam.GotoAsync("/overview");
        await Expect(sam.Locator("#chart-trend svg")).ToBeVisibleAsync();
        await Expect(sam.Locator("#chart-emergencies svg text").First).ToContainTextAsync($"#{emergency}");
        await Screenshots.SaveAsync(sam, "overview.png");
    }

    private static int IdOf(IPage page) =>
        int.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ReviewAsync(IPage page, int id, string verdict)
    {
        await page.GotoAsync($"/patches/{id}");
        await page.GetByLabel(verdict).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(page.Locator(".notice").First).ToContainTextAsync("Your review was recorded.");
    }

    private static async Task TestAsync(IPage page, int id)
    {
        await page.GotoAsync($"/patches/{id}");
        await page.GetByLabel("Pass").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record test result" }).ClickAsync();
        await Expect(page.Locator(".notice").First).ToContainTextAsync("Your test result was recorded.");
    }
}
