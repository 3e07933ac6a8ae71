using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Git;
using Assessment.Core.Patches;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.People;

internal sealed record CommentRequest(string? Body, string? Path, int? Line, int? InReplyTo);

public sealed record CommentView(
    int Id, string By, string Body, string? Path, int? Line, int? InReplyTo, int Revision, string Commit, bool Stale, DateTimeOffset At);

// Comments change no state, but they are part of the record: each is written with its audit
// event in one transaction, through the same write gate as the workflow's actions.
internal sealed class Discussion(AssessmentDb db, WriteGate gate, AuditLog audit, TimeProvider clock)
{
    public const int MaxBody = 64 * 1024;

    public async Task<IReadOnlyList<CommentView>> ListAsync(int patchId, CancellationToken ct)
    {
        var patch = await db.Patches.AsNoTracking().FirstOrDefaultAsync(p => p.Id == patchId, ct)
            ?? throw Refusal.NotFound($"patch {patchId} does not exist");
        var comments = await db.Comments.AsNoTracking().Where(c => c.PatchId == patchId).OrderBy(c => c.Id).ToListAsync(ct);
        return [.. comments.Select(c => View(c, patch.Revision))];
    }

    public async Task<CommentView> AddAsync(int patchId, User actor, CommentRequest request, CancellationToken ct)
    {
        if (actor.Roles.Count == 0)
            throw Refusal.Forbidden($"{actor.Name} holds no role; comments come from the people of the process");
        var body = Input.Fields.RequiredText(request.Body, "body", MaxBody);
        if (request.Line is < 1)
            throw Refusal.Malformed($"line: {request.Line} is not a line number (they start at 1)");
        if (request.Line is not null && string.IsNullOrWhiteSpace(request.Path))
            throw Refusal.Malformed("path: required with line (the file the line is in)");
        return await gate.RunAsync(db, async token =>
        {
            var patch = await PatchStore.LoadAsync(db, patchId, token);
            var (path, line) = (PatchStore.Optional(request.Path, "path", 1024), request.Line);
            if (request.InReplyTo is { } parentId)
            {
                var parent = await db.Comments.FirstOrDefaultAsync(c => c.Id == parentId && c.PatchId == patchId, token)
                    ?? throw Refusal.Invalid($"inReplyTo: comment {parentId} is not a comment on patch {patchId}");
                (path, line) = path is null ? (parent.Path, parent.Line) : (path, line);
            }
            else if (path is not null)
            {
                CheckPath(patch, path);
            }
            var comment = new PatchComment
            {
                PatchId = patchId, By = actor.Name, Body = body, Path = path, Line = line, InReplyTo = request.InReplyTo,
                Revision = patch.Revision, Commit = patch.Head, At = clock.GetUtcNow(),
            };
            db.Comments.Add(comment);
            await db.SaveChangesAsync(token);
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "comment.added",
                new { comment = comment.Id, revision = comment.Revision, path, line, inReplyTo = request.InReplyTo, body },
                patchId, patch.Head, null), token);
            return View(comment, patch.Revision);
        }, ct);
    }

    // A line comment is about a file of the patch: one the diff of its current revision touches.
    private static void CheckPath(Patch patch, string path)
    {
        using var repo = GitReader.Open(patch.Repository.Path);
        var diff = DiffReader.Read(repo, patch.Base, patch.Head);
        if (!diff.Files.Any(f => string.Equals(f.Path, path, StringComparison.Ordinal)))
            throw Refusal.Invalid($"path: '{path}' is not a file the patch changes");
    }

    private static CommentView View(PatchComment c, int currentRevision) =>
        new(c.Id, c.By, c.Body, c.Path, c.Line, c.InReplyTo, c.Revision, c.Commit, c.Revision < currentRevision, c.At);
}
