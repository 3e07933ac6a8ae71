using Assessment.Core.Data;
using Assessment.Core.Git;
using Assessment.Core.Workflow;

namespace Assessment.Core.Patches;

internal sealed partial class PatchService
{
    // A new revision: a new head, and possibly a new base (a rebase onto what production runs now).
    public async Task<Patch> ReviseAsync(int id, User actor, string? head, string? @base, CancellationToken ct) =>
        (await ActAsync(id, actor, ApiRequests.Revise, (patch, now) =>
        {
            var newHead = ResolveNamed(patch, head, "head");
            var newBase = string.IsNullOrWhiteSpace(@base) ? patch.Base : ResolveNamed(patch, @base, "base");
            if (string.Equals(newHead, patch.Head, StringComparison.Ordinal) && string.Equals(newBase, patch.Base, StringComparison.Ordinal))
            {
                throw Refusal.Conflict($"head: {newHead[..12]} is already the head of patch {patch.Id}");
            }
            var last = patch.Revisions.MaxBy(r => r.Number);
            string changeId, previousChangeId;
            using (var repo = GitReader.Open(patch.Repository.Path))
            {
                GitReader.EnsureRange(repo, newBase, newHead);
                patch.CommitIdentities = PatchFactsOf.StoreIdentities(GitReader.Identities(repo, newBase, newHead));
                changeId = PatchIds.Of(repo, newBase, newHead);
                previousChangeId = last?.ChangeId ?? PatchIds.Of(repo, patch.Base, patch.Head);
            }
            // The same change on another base: the document says which records still hold.
            var rebase = string.Equals(changeId, previousChangeId, StringComparison.Ordinal);
            var previous = patch.Head;
            var previousBase = patch.Base;
            patch.Revision++;
            patch.Head = newHead;
            patch.Base = newBase;
            patch.Revisions.Add(new PatchRevision
            {
                Number = patch.Revision, Base = newBase, Head = newHead, By = actor.Name, At = now, ChangeId = changeId, Rebase = rebase,
            });
            return new ActionRecord("patch.revised", newHead,
                new { revision = patch.Revision, previousHead = previous, @base = newBase, previousBase, changeId, rebase }, Settle: true);
        }, ct)).Patch;
}
