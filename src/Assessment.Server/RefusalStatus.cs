using Assessment.Core;

namespace Assessment.Server;

// The one place where a domain refusal becomes HTTP: its status code and problem title. The API
// answers (Errors.cs) and the pages (their refusal notices) both read them from here.
internal static class RefusalStatus
{
    extension(Refusal refusal)
    {
        public int Status => refusal.Kind switch
        {
            RefusalKind.Malformed => StatusCodes.Status400BadRequest,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Conflict => StatusCodes.Status409Conflict,
            RefusalKind.Invalid => StatusCodes.Status422UnprocessableEntity,
            RefusalKind.UpstreamUnavailable => StatusCodes.Status502BadGateway,
            RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Kind, "a refusal kind without a status"),
        };

        public string Title => refusal.Kind switch
        {
            RefusalKind.Malformed => "Malformed request",
            RefusalKind.Forbidden => "Not allowed",
            RefusalKind.NotFound => "Not found",
            RefusalKind.Conflict => "Not allowed in the current state",
            RefusalKind.Invalid => "Unusable request",
            RefusalKind.UpstreamUnavailable => "GitHub unavailable",
            RefusalKind.Unavailable => "Storage unavailable",
            _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Kind, "a refusal kind without a title"),
        };
    }
}
