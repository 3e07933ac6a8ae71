using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// The pages in a real headless Chromium, clicking as people do.
public sealed class PatchPageTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task An_assessor_approves_by_clicking_and_sees_one_of_two()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var page = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(page, "bob");

        await page.GotoAsync($"/patches/{id}");
        await Expect(page.Locator("header")).ToContainTextAsync("Signed in as bob");
        await Expect(page.Locator(".description code")).ToHaveTextAsync("account.php"); // Markdown rendered
        await page.GetByLabel("Approve").CheckAsync();
        await page.Locator("#review-comment").FillAsync("Key size check is right.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(Chromium.UrlEndsWith($"/patches/{id}?done=review")); // Post/Redirect/Get
        await Expect(page.Locator(".notice")).ToContainTextAsync("Your review was recorded.");
        await Expect(page.Locator("table.reviews tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.reviews tbody tr")).ToContainTextAsync("bob");
        await Expect(page.Locator("table.reviews tbody tr")).ToContainTextAsync("Key size check is right.");
        await Expect(page.Locator("table.counts tr", new() { HasText = "approvals" })).ToContainTextAsync("1 of 2");
        var patch = await s.PatchAsync(id);
        Assert.Equal(1, patch.GetProperty("counts").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "approvals").GetProperty("have").GetInt32());
        Assert.Equal(s.Fix1, patch.GetProperty("reviews")[0].GetProperty("commit").GetString());

        var file = await ScreenshotAsync(page, "patch-page.png");
        var png = await File.ReadAllBytesAsync(file);
        Assert.True(png.Length > 10_000, $"screenshot {file} is only {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [SkippableFact]
    public async Task The_author_sees_no_review_form_but_revise_and_withdraw()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var page = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(page, "alice");

        await page.GotoAsync($"/patches/{id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync($"#{id} Escape user names");
        await Expect(page.Locator("form.action")).ToHaveCountAsync(2);
        await Expect(page.Locator("#revise-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#withdraw-form")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#review-form").CountAsync());
        Assert.Equal(0, await page.Locator("input[name=verdict]").CountAsync());
    }

    [SkippableFact]
    public async Task A_review_form_whose_head_moved_meanwhile_shows_409_and_records_nothing()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var page = await chromium.NewPageAsync(s.BaseAddress);
        await s.SignInAsync(page, "bob");
        await page.GotoAsync($"/patches/{id}");
        await Expect(page.Locator("#review-form input[name=commit]")).ToHaveValueAsync(s.Fix1);

        // Meanwhile alice pushes a new revision.
        var revised = await s["alice"].PostAsJsonAsync($"/api/patches/{id}/revisions", new { head = s.Fix2 });
        Assert.True(revised.IsSuccessStatusCode, await revised.Content.ReadAsStringAsync());

        await page.GetByLabel("Approve").CheckAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync(),
            r => r.Url.EndsWith($"/patches/{id}/review", StringComparison.Ordinal));
        Assert.Equal(409, response.Status);
        var error = page.Locator(".error");
        await Expect(error).ToContainTextAsync("409");
        await Expect(error).ToContainTextAsync("is no longer the head");
        await Expect(page.Locator("code.head")).ToHaveTextAsync(s.Fix2); // the page now shows the new head
        await ScreenshotAsync(page, "patch-page-409.png");

        var patch = await s.PatchAsync(id);
        Assert.Equal(0, patch.GetProperty("reviews").GetArrayLength());
        Assert.Equal(2, patch.GetProperty("revision").GetInt32());
    }

    [SkippableFact]
    public async Task A_script_in_a_title_or_description_is_shown_as_text_and_never_runs()
    {
        using var s = await PageServer.StartAsync();
        const string title = "<script>alert(1)</script>";
        var id = await s.SubmitAsync(title, "Look: <img src=x onerror=alert(2)> and <script>alert(3)</script>");
        var page = await chromium.NewPageAsync(s.BaseAddress);
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await s.SignInAsync(page, "bob");

        await Expect(page.Locator("table.patches")).ToContainTextAsync(title);
        await ScreenshotAsync(page, "patch-list.png");
        await page.GotoAsync($"/patches/{id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync($"#{id} {title}");
        await Expect(page.Locator(".description")).ToContainTextAsync("<img src=x onerror=alert(2)>");
        Assert.Equal(0, await page.Locator("main script, main img").CountAsync());
        Assert.Equal(0, dialogs);
    }

    [SkippableFact]
    public async Task Pages_need_a_sign_in_and_a_wrong_token_is_refused_on_the_page()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var page = await chromium.NewPageAsync(s.BaseAddress);

        await page.GotoAsync($"/patches/{id}");
        Assert.Contains("/login?returnUrl=", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("API token").FillAsync("asm_not_a_token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator(".error")).ToContainTextAsync("401");

        await page.GetByLabel("API token").FillAsync(s.TokenOf("dave"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Chromium.UrlEndsWith($"/patches/{id}")); // back where the reader was going
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "assessment_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        await Expect(page.Locator(".no-actions")).ToBeVisibleAsync(); // dave has nothing to test yet

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Chromium.UrlEndsWith("/login"));
        await page.GotoAsync("/patches");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_workflow_page_shows_the_rendered_tables()
    {
        using var s = await PageServer.StartAsync();
        var page = await chromium.NewPageAsync(s.BaseAddress);

        await page.GotoAsync("/workflows/regular");
        // States, Actions, Counts (the roles are in roles.md).
        Assert.True(await page.Locator("main table").CountAsync() >= 3);
        await Expect(page.Locator("main table th", new() { HasText = "Moves when" })).ToBeVisibleAsync();
        await Expect(page.Locator("main table td", new() { HasText = "approvals" }).First).ToBeVisibleAsync();
    }

    // Saved beside the test binary (screenshots/), for a person to look at.
    private static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name);
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        return file;
    }
}
