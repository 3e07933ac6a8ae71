namespace Assessment.Server.Access;

internal static class Problems
{
    public static Task WriteAsync(HttpContext http, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
}
