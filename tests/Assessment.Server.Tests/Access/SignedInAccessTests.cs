using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Access;

// What API.md opens to any signed-in user, whatever roles they hold: the server's public keys
// and the check of a hand-over (a party that receives a hand-over must be able to check it
// without being given a role in the process).
public sealed class SignedInAccessTests
{
    [Fact]
    public async Task A_user_without_a_role_reads_the_keys_and_checks_a_hand_over()
    {
        using var app = new AssessmentApp();
        using var nora = await app.UserAsync("nora");

        using var keys = await nora.GetAsync(new Uri("/api/keys", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        var list = await keys.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(list.GetArrayLength() > 0, "no key in the answer");

        using var body = new StringContent("{\"payloadType\":\"x\",\"payload\":\"\",\"signatures\":[]}", Encoding.UTF8, "application/json");
        using var verify = await nora.PostAsync(new Uri("/api/handover/verify", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var answer = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("GET", "/api/keys")]
    [InlineData("POST", "/api/handover/verify")]
    public async Task An_anonymous_caller_is_refused_with_401(string method, string path)
    {
        using var app = new AssessmentApp();
        using var anonymous = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
