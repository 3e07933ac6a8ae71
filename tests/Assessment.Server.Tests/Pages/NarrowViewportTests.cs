using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Assessment.Server.Tests.Pages;

// A phone's width (375 px): nothing makes the page wider than the screen, the main actions are
// on screen and work, and every piece of text has WCAG AA contrast (4.5:1, 3:1 when large)
// against the background it is drawn on.
public sealed class NarrowViewportTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const int Width = 375;

    // For each element with text of its own: its colour against the first opaque background up
    // its ancestors, as WCAG 2 computes the ratio. Returns the ones below the AA threshold.
    private const string LowContrast = """
        () => {
          const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                             return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
          const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                             if (c.length === 3 || c[3] > 0) return c; } return [255, 255, 255]; };
          const out = [];
          for (const el of document.body.querySelectorAll('*')) {
            if (el.closest('svg, .visually-hidden, .skip')) continue;
            const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim().length > 0);
            const style = getComputedStyle(el);
            if (!own || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
            const a = lum(rgb(style.color)), b = lum(bg(el));
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
            const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (ratio < need) out.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
          }
          return out;
        }
        """;

    [SkippableFact]
    public async Task On_a_phone_the_queue_and_the_review_form_fit_the_screen_work_and_are_readable()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.SubmitAsync();
        var bob = await chromium.NewPageAsync(s.BaseAddress, Width, 800);
        await s.SignInAsync(bob, "bob");

        await bob.GotoAsync("/");
        await FitsAsync(bob);
        await ReadableAsync(bob);
        var link = bob.Locator("table.queue tbody tr a", new() { HasText = $"#{id} " });
        await OnScreenAsync(link);
        await link.ClickAsync();

        await Expect(bob).ToHaveURLAsync(Chromium.UrlEndsWith($"/patches/{id}"));
        await FitsAsync(bob);
        await ReadableAsync(bob);
        var approve = bob.GetByLabel("Approve", new() { Exact = true });
        var record = bob.GetByRole(AriaRole.Button, new() { Name = "Record review" });
        await OnScreenAsync(approve);
        await OnScreenAsync(record);
        await approve.CheckAsync();
        await record.ClickAsync();
        await Expect(bob.Locator(".notice")).ToContainTextAsync("Your review was recorded.");
        await FitsAsync(bob);
        await ReadableAsync(bob);

        // A new revision makes the review stale: its greyed row must still be readable.
        var revised = await s["alice"].PostAsJsonAsync($"/api/patches/{id}/revisions", new { head = s.Fix2 });
        Assert.True(revised.IsSuccessStatusCode, await revised.Content.ReadAsStringAsync());
        await bob.GotoAsync($"/patches/{id}");
        await Expect(bob.Locator("table.reviews tr.stale")).ToHaveCountAsync(1);
        await FitsAsync(bob);
        await ReadableAsync(bob);
        await Screenshots.SaveAsync(bob, "phone-patch.png");
    }

    // The document is no wider than the screen (wide tables scroll inside their own box).
    private static async Task FitsAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (width <= Width) return;
        var wide = await page.EvaluateAsync<JsonElement>($$"""
            () => [...document.body.querySelectorAll('*')]
              .filter(el => el.getBoundingClientRect().right > {{Width}} && !el.closest('.scroll'))
              .map(el => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`)
            """);
        Assert.Fail($"{page.Url} is {width} px wide on a {Width} px screen:\n" + string.Join("\n", wide.EnumerateArray()));
    }

    private static async Task ReadableAsync(IPage page)
    {
        var low = await page.EvaluateAsync<JsonElement>(LowContrast);
        Assert.True(low.GetArrayLength() == 0, $"{page.Url}: text below WCAG AA contrast:\n" + string.Join("\n", low.EnumerateArray()));
    }

    // Scrolled to, the control lies within the screen's width.
    private static async Task OnScreenAsync(ILocator control)
    {
        await control.ScrollIntoViewIfNeededAsync();
        var box = await control.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= Width, $"control at x={box.X}, width {box.Width}: off a {Width} px screen");
    }
}
