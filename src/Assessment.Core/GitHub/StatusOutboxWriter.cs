using Assessment.Core.Data;
using Assessment.Core.Patches;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Assessment.Core.GitHub;

// Keeps the commit status of every patch in a repository with a GitHub counterpart current: each
// audit event about such a patch writes the status its head should now have to the outbox, in
// the event's transaction (when it differs from the last one written). GitHub down does not
// hold the action; GitHubStatusSender delivers later.
internal sealed class StatusOutboxWriter(WorkflowEngine engine, IOptions<GitHubOptions> options, TimeProvider clock) : IAuditReaction
{
    // The sender's own events about delivery do not change what the status says.
    public const string EventPrefix = "github.status-";

    public async Task ReactAsync(AssessmentDb db, AuditEvent e, CancellationToken ct)
    {
        if (e.PatchId is not { } id || e.Type.StartsWith(EventPrefix, StringComparison.Ordinal)) return;
        var patch = db.Patches.Local.FirstOrDefault(p => p.Id == id)
            ?? await db.Patches.WithRecords().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patch is null) return;
        var github = patch.Repository?.GitHub
            ?? await db.Repositories.Where(r => r.Id == patch.RepositoryId).Select(r => r.GitHub).FirstOrDefaultAsync(ct);
        if (github is null) return;
        var link = db.GitHubPatches.Local.FirstOrDefault(g => g.PatchId == id);
        if (link is not null && db.Entry(link).State == EntityState.Unchanged)
        {
            // An action reads its patch (and this link) before it waits for the write gate, and the
            // sender may mark the old status delivered meanwhile; the patch's version stamp does not
            // cover the link, so it is read again here, in the write's transaction.
            await db.Entry(link).ReloadAsync(ct);
        }
        link ??= await db.GitHubPatches.FirstOrDefaultAsync(g => g.PatchId == id, ct);
        if (link is null)
        {
            link = new GitHubPatch { PatchId = id };
            db.GitHubPatches.Add(link);
        }
        var text = StatusWording.For(patch, engine);
        if (string.Equals(link.StatusSha, patch.Head, StringComparison.Ordinal)
            && link.StatusState == text.State && link.StatusDescription == text.Description)
        {
            return;
        }
        var now = clock.GetUtcNow();
        db.GitHubStatuses.Add(new GitHubStatus
        {
            PatchId = id, EventSequence = e.Sequence, Repository = github, Sha = patch.Head, State = text.State,
            Description = text.Description, TargetUrl = options.Value.PatchUrl(id), CreatedAt = now, NextAttemptAt = now,
        });
        link.StatusSha = patch.Head;
        link.StatusState = text.State;
        link.StatusDescription = text.Description;
        link.StatusDeliveredAt = null;
        link.StatusError = null;
    }
}
