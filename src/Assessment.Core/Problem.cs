namespace Assessment.Core;

// A refusal with the HTTP status it maps to and a detail that names the rule or field at fault.
internal sealed class Problem(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;

    public static Problem BadRequest(string detail) => new(400, "Malformed request", detail);
    public static Problem Forbidden(string detail) => new(403, "Not allowed", detail);
    public static Problem NotFound(string detail) => new(404, "Not found", detail);
    public static Problem Conflict(string detail) => new(409, "Not allowed in the current state", detail);
    public static Problem Unusable(string detail) => new(422, "Unusable request", detail);
    public static Problem Unavailable(string detail) => new(503, "Storage unavailable", detail);
}
