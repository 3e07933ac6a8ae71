using Microsoft.Playwright;

namespace Assessment.Server.Tests.Pages;

// Full-page screenshots under the test output (bin/.../screenshots), for the README.
internal static class Screenshots
{
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name);
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        var png = await File.ReadAllBytesAsync(file);
        Assert.True(png.Length > 10_000, $"screenshot {file} is only {png.Length} bytes");
        return file;
    }
}
