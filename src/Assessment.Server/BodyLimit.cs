using Microsoft.AspNetCore.Http.Features;

namespace Assessment.Server;

// The largest request body the server reads (Kestrel's MaxRequestBodySize), and what the answer
// to a request that declares a larger one says. Such a request is answered without its body
// being read (a refusal before the handler, or 413) and Kestrel then closes the connection
// rather than drain more than the limit. Without "Connection: close" the answer promised to keep
// the connection, so a client sent its next request on a connection about to close and got no
// answer to it.
internal static class BodyLimit
{
    public const long Bytes = 1_048_576;

    public static void UseBodyLimitClose(this WebApplication app) => app.Use((http, next) =>
    {
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (http.Request.ContentLength > limit)
        {
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.Connection = "close";
                return Task.CompletedTask;
            });
        }
        return next(http);
    });
}
