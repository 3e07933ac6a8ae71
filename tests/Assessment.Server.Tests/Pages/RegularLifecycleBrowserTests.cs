using Microsoft.Playwright;
using static Assessment.Server.Tests.Pages.BrowserSteps;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// A regular patch from submission to production in the browser, each step by the person whose
// step it is: submitted with its refs checked, discussed on a line, sent back for changes,
// revised (the earlier review stale, "what changed since revision 1" shown), approved twice,
// put on test, passed twice, blessed, refused once and then deployed to production. After each
// step every person's queue says what waits for them.
public sealed class RegularLifecycleBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task A_regular_patch_from_submission_to_production_in_the_browser()
    {
        using var s = await PageServer.StartAsync();
        await s.AddUserAsync("erin", "tester");
        var names = new[] { "alice", "bob", "carol", "dave", "erin", "sam" };
        var people = new Dictionary<string, IPage>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            people[name] = await chromium.NewPageAsync(s.BaseAddress);
            await s.SignInAsync(people[name], name);
        }
        var (alice, bob, carol, dave, erin, sam) = (people["alice"], people["bob"], people["carol"], people["dave"], people["erin"], people["sam"]);

        async Task QueuesAsync(int patch, params (string Name, string? Actions)[] expected)
        {
            foreach (var name in names)
            {
                var actions = expected.FirstOrDefault(e => e.Name == name).Actions;
                await ExpectQueueAsync(people[name], patch, actions);
            }
        }

        // alice submits: the refs are resolved and the commits shown before anything is recorded.
        await alice.GotoAsync("/patches/new");
        await alice.GetByLabel("Title").FillAsync("Escape user names");
        await alice.GetByLabel("Base (sha, short sha or branch: what production runs)").FillAsync("release");
        await alice.GetByLabel("Head (sha, short sha or branch: the change)").FillAsync(s.Fix1[..8]);
        await alice.GetByLabel("Description (Markdown)").FillAsync("Fixes an *XSS* in `account.php`.");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Check refs" }).ClickAsync();
        await Expect(alice.Locator(".refcheck dd code").First).ToHaveTextAsync(s.Initial);
        await Expect(alice.Locator(".refcheck tbody tr")).ToContainTextAsync("Escape user names");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Submit patch" }).ClickAsync();
        await Expect(alice.Locator(".notice")).ToContainTextAsync("The patch was submitted.");
        var id = IdOf(alice);
        await ExpectStateAsync(alice, "submitted");
        await QueuesAsync(id, ("bob", "review"), ("carol", "review"));

        // bob asks about a line of the diff; alice answers in the thread.
        await bob.GotoAsync($"/patches/{id}");
        var file = bob.Locator(".diff-file[data-path='account.php']");
        await Expect(file.Locator("tr.add td.t")).ToHaveTextAsync("<?php echo htmlspecialchars($n);");
        await file.GetByRole(AriaRole.Link, new() { Name = "Comment on line 1 of account.php" }).ClickAsync();
        await bob.Locator("#comment-body").FillAsync("What about the e-mail address?");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await alice.GotoAsync($"/patches/{id}");
        await alice.GetByLabel("Answer bob").FillAsync("Good point, next revision.");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();
        var thread = alice.Locator(".diff-file[data-path='account.php'] .thread");
        await Expect(thread.Locator(".comment")).ToHaveCountAsync(2);
        await Expect(thread.Locator(".comment.reply")).ToContainTextAsync("Good point, next revision.");

        // carol asks for changes: the patch waits for its author alone.
        await ReviewAsync(carol, id, "Request changes", "Escape the e-mail address too.");
        await ExpectStateAsync(carol, "changes-requested");
        await QueuesAsync(id, ("alice", "revise")); // withdrawing ends the patch: it is offered, not waited for

        // alice revises; carol's review is stale; the diff since revision 1 shows the one changed line.
        await alice.GotoAsync($"/patches/{id}");
        await alice.GetByLabel("New head (sha, short sha or branch)").FillAsync(s.Fix2);
        await alice.GetByRole(AriaRole.Button, new() { Name = "Revise", Exact = true }).ClickAsync();
        await Expect(alice.Locator(".notice")).ToContainTextAsync("The new revision was recorded");
        await ExpectStateAsync(alice, "submitted");
        await Expect(alice.Locator("table.reviews tr.stale")).ToContainTextAsync("carol");
        await Expect(alice.Locator(".thread .comment .badge.stale")).ToHaveCountAsync(2); // made on revision 1
        await alice.Locator("#diff-from").SelectOptionAsync("1");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(alice.Locator("#diff-heading")).ToHaveTextAsync("Changes since revision 1");
        var since = alice.Locator(".diff-file[data-path='account.php']");
        await Expect(since.Locator("tr.del td.t")).ToHaveTextAsync("<?php echo htmlspecialchars($n);");
        await Expect(since.Locator("tr.add td.t")).ToHaveTextAsync("<?php echo h($n), h($e);");
        await QueuesAsync(id, ("bob", "review"), ("carol", "review"));

        // Two approvals of the new head; bob puts it on the test server.
        await ReviewAsync(bob, id, "Approve");
        await Expect(bob.Locator("table.counts tr", new() { HasText = "approvals" })).ToContainTextAsync("1 of 2");
        await ReviewAsync(carol, id, "Approve");
        await ExpectStateAsync(carol, "reviewed");
        await QueuesAsync(id, ("bob", "review, deploy-test"), ("carol", "review, deploy-test"));
        await ClickAsync(bob, id, "Deploy to test");
        await ExpectStateAsync(bob, "on-test");
        await Expect(bob.Locator("table.deployments")).ToContainTextAsync("test");
        await QueuesAsync(id, ("bob", "review, deploy-test"), ("carol", "review, deploy-test"), ("dave", "test"), ("erin", "test"));

        // Two passes; carol blesses and the hand-over is signed.
        await TestAsync(dave, id);
        await Expect(dave.Locator("table.counts tr", new() { HasText = "passes" })).ToContainTextAsync("1 of 2");
        await TestAsync(erin, id);
        await ExpectStateAsync(erin, "tested");
        await QueuesAsync(id, ("bob", "review, bless"), ("carol", "review, bless"), ("dave", "test"), ("erin", "test"));
        await ClickAsync(carol, id, "Bless");
        await ExpectStateAsync(carol, "blessed");
        await Expect(carol.Locator("p.blessing")).ToContainTextAsync("Blessed by carol");
        await QueuesAsync(id, ("sam", "deploy-production"));

        // sam names himself as the second pair of eyes: refused on the page, nothing recorded.
        await sam.GotoAsync($"/patches/{id}");
        await Expect(sam.Locator("#deploy-production-form .handover")).ToContainTextAsync("blessed by carol");
        await Expect(sam.Locator("#handover-check")).ToContainTextAsync("Hand-over checked");
        await sam.GetByLabel("Witness (second pair of eyes)").FillAsync("sam");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Deploy to production" }).ClickAsync();
        await Expect(sam.Locator(".error")).ToContainTextAsync("403");
        await Expect(sam.Locator(".error")).ToContainTextAsync("witness: the second pair of eyes must be someone other than the deployer");
        await ExpectStateAsync(sam, "blessed");
        await Expect(Events(sam, "patch.deployed")).ToHaveCountAsync(1); // the test deployment only

        // With dave as witness the deployment is recorded; nothing waits for anyone any more.
        await sam.GetByLabel("Witness (second pair of eyes)").FillAsync("dave");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Deploy to production" }).ClickAsync();
        await ExpectStateAsync(sam, "deployed");
        await Expect(sam.Locator("table.deployments tbody tr", new() { HasText = "production" })).ToContainTextAsync("dave");
        await Expect(Events(sam, "patch.submitted")).ToHaveCountAsync(1);
        await Expect(Events(sam, "comment.added")).ToHaveCountAsync(2);
        await Expect(Events(sam, "patch.reviewed")).ToHaveCountAsync(3);
        await Expect(Events(sam, "patch.revised")).ToHaveCountAsync(1);
        await Expect(Events(sam, "patch.tested")).ToHaveCountAsync(2);
        await Expect(Events(sam, "patch.blessed")).ToHaveCountAsync(1);
        await Expect(Events(sam, "patch.deployed")).ToHaveCountAsync(2);
        await Expect(sam.Locator("ol.timeline li").Last).ToContainTextAsync("sam patch.deployed");
        foreach (var name in names) await ExpectNothingWaitsAsync(people[name]);
    }
}
