using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

public sealed class SmokeTests
{
    [Fact]
    public async Task Healthz_and_me_answer()
    {
        using var app = new AssessmentApp();
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me")).StatusCode);
        using var admin = app.Admin;
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("admin", me.GetProperty("name").GetString());
    }
}
