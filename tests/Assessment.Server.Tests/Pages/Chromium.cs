using Microsoft.Playwright;

namespace Assessment.Server.Tests.Pages;

// Debian's Chromium driven through Playwright (its bundled node driver; no browser download).
// Without /usr/bin/chromium the page tests are skipped, unless ASSESSMENT_REQUIRE_CHROMIUM=1
// (CI) makes that a failure.
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("ASSESSMENT_REQUIRE_CHROMIUM"), "1", StringComparison.Ordinal);

    public static bool Installed => File.Exists(ExecutablePath);

    public async Task InitializeAsync()
    {
        if (!Installed) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    // A fresh browser context (its own cookies) for one person; skips the test without Chromium.
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1200, int height = 900)
    {
        if (!Installed)
        {
            Assert.False(Required, $"ASSESSMENT_REQUIRE_CHROMIUM=1 but {ExecutablePath} is missing (apt-get install chromium)");
            Skip.If(true, $"{ExecutablePath} is missing: the page tests need Debian's chromium package");
        }
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        // Generous: CI runs these beside the other test projects on two cores.
        context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000); // 5 s by default: too short beside other test runs on two cores
        return await context.NewPageAsync();
    }

    // Web-first URL check: polls the address without waiting for a load event, which a
    // redirect racing the check can leave pending.
    public static System.Text.RegularExpressions.Regex UrlEndsWith(string pathAndQuery) =>
        new(System.Text.RegularExpressions.Regex.Escape(pathAndQuery) + "$");

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
