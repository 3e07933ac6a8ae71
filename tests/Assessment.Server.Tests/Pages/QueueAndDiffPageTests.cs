using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// My queue, the diff with its lines, a line comment answered in its thread, the timeline: in a
// real headless Chromium, each step by the person whose step it is.
public sealed class QueueAndDiffPageTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task A_reviewer_finds_the_patch_in_the_queue_comments_on_a_line_and_the_author_answers()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();

        var bob = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(bob, "bob");
        await bob.GotoAsync("/");
        await Expect(bob.Locator("header .count")).ToHaveTextAsync("1");
        var row = bob.Locator("table.queue tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync($"#{id} Escape user names");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("review");
        await ScreenshotAsync(bob, "queue.png");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(bob).ToHaveURLAsync(Chromium.UrlEndsWith($"/patches/{id}"));
        var file = bob.Locator(".diff-file[data-path='account.php']");
        await Expect(file.Locator("h3")).ToContainTextAsync("account.php (added, +1 -0)");
        await Expect(file.Locator("tr.add td.t")).ToHaveTextAsync("<?php echo htmlspecialchars($n);");

        // The line number leads to the comment form with the file and line filled in.
        await file.GetByRole(AriaRole.Link, new() { Name = "Comment on line 1 of account.php" }).ClickAsync();
        await Expect(bob.GetByLabel("Line", new() { Exact = true })).ToHaveValueAsync("1");
        await Expect(bob.GetByLabel("File (for a comment on one line)")).ToHaveValueAsync("account.php");
        await bob.Locator("#comment-body").FillAsync("Is $n ever empty here?");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Expect(file.Locator("tr.note .comment")).ToContainTextAsync("Is $n ever empty here?");
        await Expect(file.Locator("tr.note .comment .meta")).ToContainTextAsync("bob");

        var alice = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(alice, "alice");
        await alice.GotoAsync("/");
        await Expect(alice.Locator("p.none")).ToHaveTextAsync("Nothing waits for you now.");
        await alice.GotoAsync($"/patches/{id}");
        await alice.GetByLabel("Answer bob").FillAsync("No: the form requires it.");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();
        var thread = alice.Locator(".diff-file[data-path='account.php'] .thread");
        await Expect(thread.Locator(".comment")).ToHaveCountAsync(2);
        await Expect(thread.Locator(".comment.reply")).ToContainTextAsync("No: the form requires it.");
        await Expect(alice.Locator("ol.timeline li")).ToHaveCountAsync(3); // submitted, two comments
        await Expect(alice.Locator("ol.timeline li").Last).ToContainTextAsync("alice comment.added");
        await ScreenshotAsync(alice, "patch-diff.png");
    }

    [SkippableFact]
    public async Task A_refused_comment_shows_its_message_on_the_page()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var bob = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(bob, "bob");

        await bob.GotoAsync($"/patches/{id}?path=account.php&line=1");
        await bob.GetByLabel("Line", new() { Exact = true }).FillAsync("");
        await bob.GetByLabel("File (for a comment on one line)").SelectOptionAsync("");
        await bob.GetByLabel("Line", new() { Exact = true }).FillAsync("4");
        await bob.Locator("#comment-body").FillAsync("A line without a file.");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();

        await Expect(bob.Locator(".error")).ToContainTextAsync("400");
        await Expect(bob.Locator(".error")).ToContainTextAsync("path: required with line");
        await Expect(bob.Locator(".comment")).ToHaveCountAsync(0);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
    }
}
