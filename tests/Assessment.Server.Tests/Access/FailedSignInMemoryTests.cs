using System.Net;
using Assessment.Server.Access;
using Assessment.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Access;

// The failed-sign-in limit remembers an address only while its window is open: a scan from many
// addresses must not grow the server's memory for ever, and an address is forgiven when its
// window ends. IPv6 clients are counted per /64, or one subscriber could rotate addresses.
public sealed class FailedSignInMemoryTests
{
    [Fact]
    public async Task Addresses_are_forgotten_when_their_window_ends()
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode); // the server is up
        var failures = app.Services.GetRequiredService<FailedSignIns>();
        for (var i = 0; i < 1000; i++) failures.Record(From($"198.51.{i / 256}.{i % 256}"));
        Assert.Equal(1000, failures.Remembered);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        failures.Record(From("203.0.113.7"));

        Assert.Equal(1, failures.Remembered);
    }

    [Fact]
    public async Task A_refused_address_may_try_again_when_its_window_ends()
    {
        using var app = new AssessmentApp(settings: new Dictionary<string, string?> { ["Assessment:FailedSignIns:PermitLimit"] = "3" });
        using var guesser = app.As("asm_guess");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync("/api/me")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/me")).StatusCode);
        using var admin = app.Admin;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task IPv6_clients_are_counted_per_64_block()
    {
        using var app = new AssessmentApp(settings: new Dictionary<string, string?> { ["Assessment:FailedSignIns:PermitLimit"] = "3" });
        using var admin = app.Admin;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
        var failures = app.Services.GetRequiredService<FailedSignIns>();
        for (var i = 1; i <= 3; i++) failures.Record(From($"2001:db8:1:2::{i:x}"));

        Assert.Equal("2001:db8:1:2::/64", FailedSignIns.Key(IPAddress.Parse("2001:db8:1:2:ffff::1")));
        Assert.NotNull(failures.RefusedFor(FailedSignIns.Key(IPAddress.Parse("2001:db8:1:2:abcd::9"))));
        Assert.Null(failures.RefusedFor(FailedSignIns.Key(IPAddress.Parse("2001:db8:1:3::1"))));
        Assert.Equal("192.0.2.1", FailedSignIns.Key(IPAddress.Parse("::ffff:192.0.2.1")));
    }

    private static DefaultHttpContext From(string address)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return http;
    }
}
