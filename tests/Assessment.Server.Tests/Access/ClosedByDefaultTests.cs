using System.Net;
using Assessment.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Access;

// Access is closed by default: an endpoint that names no policy needs a sign-in (the fallback
// policy), and the endpoints open to anyone are exactly the ones README lists: health, the
// workflow documents, the API description, the style sheet and the signing script, sign-in and sign-out, and GitHub's
// webhook (which checks GitHub's signature instead).
public sealed class ClosedByDefaultTests
{
    private static readonly string[] Open =
    [
        "/healthz", "/openapi/{documentName}.json", "/site.css", "/sign.js", "/workflows", "/workflows/{name}", "/workflows/{name}.md",
        "/login", "/logout", "/api/github/webhook",
    ];

    [Fact]
    public void Only_the_listed_endpoints_are_open_without_sign_in()
    {
        using var app = new AssessmentApp();
        var open = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Open.Order(StringComparer.Ordinal), open);
    }

    [Fact]
    public async Task A_path_that_names_no_policy_is_refused_to_an_anonymous_caller()
    {
        using var app = new AssessmentApp();
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/workflows/regular", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).StatusCode);
    }
}
