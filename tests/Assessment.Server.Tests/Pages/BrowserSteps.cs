using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// Steps the lifecycle browser tests share: what a person's queue shows, and the forms they fill.
internal static class BrowserSteps
{
    // The person's queue lists the patch with these actions (null: the patch does not wait for them).
    public static async Task ExpectQueueAsync(IPage page, int id, string? actions)
    {
        await page.GotoAsync("/");
        var row = page.Locator("table.queue tbody tr", new() { HasText = $"#{id} " });
        if (actions is null)
        {
            await Expect(row).ToHaveCountAsync(0);
            return;
        }
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(actions);
    }

    public static async Task ExpectNothingWaitsAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("p.none")).ToHaveTextAsync("Nothing waits for you now.");
        await Expect(page.Locator("header .count")).ToHaveTextAsync("0");
    }

    public static async Task ExpectStateAsync(IPage page, string state) =>
        await Expect(page.Locator("ol.states li.current")).ToHaveTextAsync(state);

    public static async Task ReviewAsync(IPage page, int id, string verdictLabel, string comment = "")
    {
        await page.GotoAsync($"/patches/{id}");
        await page.GetByLabel(verdictLabel, new() { Exact = true }).CheckAsync();
        await page.Locator("#review-comment").FillAsync(comment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(page.Locator(".notice").First).ToContainTextAsync("Your review was recorded.");
    }

    public static async Task TestAsync(IPage page, int id, string resultLabel = "Record a pass")
    {
        await page.GotoAsync($"/patches/{id}");
        await page.GetByLabel(resultLabel, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record test result" }).ClickAsync();
        await Expect(page.Locator(".notice").First).ToContainTextAsync("Your test result was recorded.");
    }

    public static async Task ClickAsync(IPage page, int id, string button)
    {
        await page.GotoAsync($"/patches/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }

    public static int IdOf(IPage page) =>
        int.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    // Each event of the patch's timeline of this type, in order.
    public static ILocator Events(IPage page, string type) =>
        page.Locator("ol.timeline li", new() { HasText = " " + type });
}
