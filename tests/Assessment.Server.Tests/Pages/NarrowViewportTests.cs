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

    // Every page of the navigation, as the person who uses it: nothing wider than the screen,
    // every control within it (outside a box that scrolls on its own), every text readable.
    [SkippableFact]
    public async Task On_a_phone_every_page_fits_the_screen_keeps_its_controls_on_it_and_is_readable()
    {
        using var s = await PageServer.StartAsync();
        var id = await s.OnTestAsync();
        await s.SubmitAsync("A second patch");
        var pages = new (string Who, string Path)[]
        {
            ("bob", "/"), ("bob", "/patches"), ("alice", "/patches/new"), ("dave", $"/patches/{id}"), ("bob", $"/patches/{id}"),
            ("sam", "/emergencies/new"), ("bob", "/audit"), ("bob", "/overview"), ("admin", "/admin/users"), ("admin", "/admin/repositories"),
            ("alice", "/me"),
        };
        var browsers = new Dictionary<string, IPage>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (who, path) in pages)
        {
            if (!browsers.TryGetValue(who, out var page))
            {
                page = browsers[who] = await chromium.NewPageAsync(s.BaseAddress, Width, 800);
                await SignInAsync(s, page, who);
            }
            var response = await page.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} as {who}: {response.Status}");
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            problems.AddRange(await OffScreenAsync(page));
            problems.AddRange(await WideAsync(page));
            problems.AddRange((await page.EvaluateAsync<JsonElement>(LowContrast)).EnumerateArray().Select(e => $"{path}: contrast {e}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task SignInAsync(PageServer s, IPage page, string who)
    {
        if (who != "admin")
        {
            await s.SignInAsync(page, who);
            return;
        }
        await page.GotoAsync("/login");
        await page.GetByLabel("API token").FillAsync(Assessment.TestSupport.AssessmentApp.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Chromium.UrlEndsWith("/patches"));
    }

    // Controls (links, buttons, fields, summaries) that reach past the screen's edge, other than
    // those inside a box that scrolls on its own.
    private static async Task<IEnumerable<string>> OffScreenAsync(IPage page)
    {
        var off = await page.EvaluateAsync<JsonElement>($$"""
            () => [...document.body.querySelectorAll('a, button, input, select, textarea, summary, label')]
              .filter(el => el.getClientRects().length > 0 && !el.closest('.scroll, .skip') && el.type !== 'hidden')
              .filter(el => { const r = el.getBoundingClientRect(); return r.left < 0 || r.right > {{Width}} + 0.5; })
              .map(el => `${el.tagName.toLowerCase()}#${el.id}.${el.className} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(el.getBoundingClientRect().left)}..${Math.round(el.getBoundingClientRect().right)}`)
            """);
        return off.EnumerateArray().Select(e => $"{page.Url}: off screen {e}");
    }

    // The document is no wider than the screen (wide tables scroll inside their own box).
    private static async Task FitsAsync(IPage page)
    {
        var wide = await WideAsync(page);
        Assert.True(wide.Count == 0, string.Join("\n", wide));
    }

    private static async Task<List<string>> WideAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (width <= Width) return [];
        var wide = await page.EvaluateAsync<JsonElement>($$"""
            () => [...document.body.querySelectorAll('*')]
              .filter(el => !el.closest('.scroll, svg') && (el.getBoundingClientRect().right > {{Width}} || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0))
              .map(el => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(el.getBoundingClientRect().right)} content=${el.scrollWidth}`)
            """);
        return [$"{page.Url} is {width} px wide on a {Width} px screen:", .. wide.EnumerateArray().Select(e => e.ToString())];
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
