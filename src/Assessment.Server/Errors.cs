using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Input;
using Microsoft.AspNetCore.Diagnostics;

namespace Assessment.Server;

// Every refusal leaves as application/problem+json with a detail naming the rule or field. A
// refusal is an ordinary answer, logged as one information line; only a real failure reaches
// the exception handler, which logs it as an error and answers 500.
internal static class Errors
{
    public static void UseAssessmentErrors(this WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, title, detail) = (error is null ? null : Answer(error, IsWrite(context)))
                ?? (500, "Internal error", "the server failed; nothing was recorded for this request");
            await Results.Problem(detail: detail, statusCode: status, title: title, extensions: RuleOf(error)).ExecuteAsync(context);
        }));
        app.UseStatusCodePages(async status =>
        {
            var response = status.HttpContext.Response;
            if (response.HasStarted || response.ContentLength is > 0) return;
            var detail = response.StatusCode switch
            {
                400 => "the request is malformed",
                401 => "a valid 'Authorization: Bearer <token>' header is required",
                413 => "the request body exceeds the limit of 1 MiB",
                404 => $"no such resource: {status.HttpContext.Request.Path}",
                405 => $"method {status.HttpContext.Request.Method} is not allowed on {status.HttpContext.Request.Path}",
                _ => null,
            };
            await Results.Problem(detail: detail, statusCode: response.StatusCode).ExecuteAsync(status.HttpContext);
        });
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Assessment.Refusals");
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception e) when (!http.Response.HasStarted && Answer(e, IsWrite(http)) is { } refusal)
            {
                // The detail may quote what the caller sent: shortened and with controls spelled
                // out, so a request cannot write lines of its own into the log.
                log.LogInformation("Refused {Method} {Path}: {Status} {Detail} (rule: {Rule})", http.Request.Method, http.Request.Path,
                    refusal.Status, Fields.Show(refusal.Detail, 300), (e as Refusal)?.Rule?.ToString() ?? "none");
                http.Response.Clear();
                await Results.Problem(detail: refusal.Detail, statusCode: refusal.Status, title: refusal.Title, extensions: RuleOf(e)).ExecuteAsync(http);
            }
        });
    }

    // The rule of the documents a refusal applies, as a field beside the detail that names it:
    // {"document", "line", "text"}; none for a refusal of a field or of the state of storage.
    private static Dictionary<string, object?>? RuleOf(Exception? error) =>
        error is Refusal { Rule: { } rule }
            ? new() { ["rule"] = new { document = rule.Document, line = rule.Line, text = rule.Text } }
            : null;

    private static bool IsWrite(HttpContext http) => !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);

    // A storage failure met outside the write gate (signing in reads the database too) is the
    // same 503 as one met inside it.
    private static (int Status, string Title, string Detail)? Answer(Exception error, bool write) => StorageFailure.Translate(error, write) switch
    {
        Refusal r => (r.Status, r.Title, r.Detail),
        BadHttpRequestException { StatusCode: 413 } => (413, "Request body too large", "the request body exceeds the limit of 1 MiB"),
        BadHttpRequestException b => (400, "Malformed request", InnerMessage(b)),
        System.Text.Json.JsonException j => (400, "Malformed request", "body: " + j.Message),
        _ => null,
    };

    private static string InnerMessage(BadHttpRequestException e) =>
        e.InnerException is System.Text.Json.JsonException j ? "body: " + j.Message : e.Message;
}
