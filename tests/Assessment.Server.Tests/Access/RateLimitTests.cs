using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Access;

// Guessing tokens: past 20 failures a minute from one address, that address gets 429 with
// Retry-After for every request, so a hit cannot be told from a miss; successes cost nothing.
public sealed class RateLimitTests
{
    [Fact]
    public async Task Repeated_failed_sign_ins_are_answered_429_with_retry_after()
    {
        using var app = new AssessmentApp();
        using var guesser = app.As("asm_guess");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/me")).StatusCode);
        }

        var limited = await guesser.GetAsync("/api/me");
        await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "failed sign-ins");
        var retryAfter = Assert.Single(limited.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        using var admin = app.Admin; // the same address: a right guess is not told apart now
        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_work_is_not_limited()
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
        }
    }

    [Fact]
    public async Task The_limit_is_configurable()
    {
        using var app = new AssessmentApp(settings: new Dictionary<string, string?> { ["Assessment:FailedSignIns:PermitLimit"] = "3" });
        using var guesser = app.As("asm_guess");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync("/api/me")).StatusCode);
    }
}
