using Assessment.Core.People;

namespace Assessment.Server.Endpoints;

internal static class CommentEndpoints
{
    public static void MapCommentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/patches/{id:int}/comments", async (int id, Discussion discussion, CancellationToken ct) =>
            Results.Ok(await discussion.ListAsync(id, ct)))
            .WithSummary("The patch's discussion, oldest first; a comment made on an earlier revision is stale");

        api.MapPost("/patches/{id:int}/comments", async (int id, CommentRequest body, HttpContext http, Discussion discussion, CancellationToken ct) =>
        {
            var comment = await discussion.AddAsync(id, http.Caller(), body, ct);
            return Results.Created($"/api/patches/{id}/comments", comment);
        }).WithSummary("Comment on the patch, on a line of a file of its diff (path, line), or answer a comment (inReplyTo)");
    }
}
