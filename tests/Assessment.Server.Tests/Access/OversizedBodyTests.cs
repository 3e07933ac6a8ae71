using System.Net;
using System.Text;
using Assessment.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Access;

// A request refused before its body is read (no sign-in, no role, wrong content type) whose
// body is over the server's limit: the server does not drain that much, so the connection ends
// after the answer. The answer must say so ("Connection: close"); otherwise the client reuses
// the connection for its next request, which fails without an answer (the fuzz run's 599).
public sealed class OversizedBodyTests
{
    [Fact]
    public async Task A_refusal_of_a_body_over_the_limit_closes_the_connection_and_says_so()
    {
        using var app = new AssessmentApp(kestrel: true);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var admin = new HttpClient { BaseAddress = address };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AssessmentApp.AdminToken);
        (await admin.PostAsync(new Uri("/api/users", UriKind.Relative), Json("{\"name\":\"nora\",\"roles\":[],\"motion\":\"m1\"}"))).EnsureSuccessStatusCode();

        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) }) { BaseAddress = address };
        var body = "{\"comment\":\"" + new string('x', 1_100_000) + "\"}";
        var failures = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            // Anonymous: refused with 401 before the body is read.
            using var refused = new HttpRequestMessage(HttpMethod.Post, "/api/patches/1/blessing") { Content = Json(body) };
            refused.Headers.ExpectContinue = true;
            using var answer = await client.SendAsync(refused);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.True(answer.Headers.ConnectionClose == true, "the refusal keeps the connection open, which the server then closes anyway");
            // The next request on the same client is answered.
            try
            {
                using var next = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"round {i}: {e.Message} {e.InnerException?.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // The same refusal of a body sent in chunks, which declares no length: the server cannot
    // tell its size before refusing, and the next request on the connection must still be answered.
    [Fact]
    public async Task A_refusal_of_a_chunked_body_over_the_limit_leaves_the_next_request_answered()
    {
        using var app = new AssessmentApp(kestrel: true);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var client = new HttpClient { BaseAddress = address };
        var body = Encoding.UTF8.GetBytes("{\"comment\":\"" + new string('x', 1_100_000) + "\"}");
        var failures = new List<string>();
        var closedWhileSending = 0;
        for (var i = 0; i < 10; i++)
        {
            using var refused = new HttpRequestMessage(HttpMethod.Post, "/api/patches/1/blessing") { Content = new StreamContent(new MemoryStream(body)) };
            refused.Content.Headers.ContentType = new("application/json");
            refused.Headers.TransferEncodingChunked = true;
            try
            {
                using var answer = await client.SendAsync(refused);
                Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            }
            catch (HttpRequestException e) when (e.InnerException is IOException)
            {
                // The server answered without reading the body and closed the connection rather
                // than drain more than the limit; a client still writing the body sees the
                // connection go (the answer was sent before the close). What must not happen is
                // that the next request is lost.
                closedWhileSending++;
            }
            try
            {
                using var next = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"round {i}: {e.Message} {e.InnerException?.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(closedWhileSending < 10, "no round's refusal was received: every connection closed while the body was sent");
    }

    [Fact]
    public async Task A_body_under_the_limit_keeps_the_connection()
    {
        using var app = new AssessmentApp(kestrel: true);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var client = new HttpClient { BaseAddress = address };
        using var answer = await client.PostAsync(new Uri("/api/patches/1/blessing", UriKind.Relative), Json("{\"comment\":\"" + new string('x', 1000) + "\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.NotEqual(true, answer.Headers.ConnectionClose);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
