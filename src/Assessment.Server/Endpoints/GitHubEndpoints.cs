using System.Text.Json;
using Assessment.Core.GitHub;
using Microsoft.Extensions.Options;

namespace Assessment.Server.Endpoints;

internal static class GitHubEndpoints
{
    // GitHub's deliveries carry no bearer token: X-Hub-Signature-256 over the body, under the
    // shared secret (Assessment:GitHub:WebhookSecret), is what authenticates them.
    public const string WebhookPath = "/api/github/webhook";

    public static RouteHandlerBuilder MapGitHubWebhook(this WebApplication app) =>
        app.MapPost(WebhookPath, ReceiveAsync)
            .WithSummary("GitHub's webhook: pull_request synchronize/closed and push to a production branch (signed with the shared secret; no bearer token)");

    private static async Task<IResult> ReceiveAsync(HttpContext http, IOptions<GitHubOptions> options, Webhook webhook, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        if (!WebhookSignature.IsValid(options.Value.WebhookSecret, http.Request.Headers["X-Hub-Signature-256"].FirstOrDefault(), body))
        {
            return Results.Problem(statusCode: 401, title: "Unauthorized",
                detail: string.IsNullOrEmpty(options.Value.WebhookSecret)
                    ? "X-Hub-Signature-256: no webhook secret is configured (Assessment:GitHub:WebhookSecret); every delivery is refused"
                    : "X-Hub-Signature-256: missing or not the HMAC-SHA256 of the body under the shared secret");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw Assessment.Core.Refusal.Malformed("body: not JSON: " + e.Message);
        }
        using (document)
        {
            var result = await webhook.HandleAsync(http.Request.Headers["X-GitHub-Event"].FirstOrDefault(),
                http.Request.Headers["X-GitHub-Delivery"].FirstOrDefault(), document.RootElement, ct);
            return Results.Ok(result);
        }
    }
}
