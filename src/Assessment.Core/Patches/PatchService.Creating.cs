using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Git;
using Assessment.Core.Input;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

internal sealed partial class PatchService
{
    public async Task<Patch> SubmitAsync(User actor, SubmitPatch request, CancellationToken ct)
    {
        var title = PatchStore.Required(request.Title, "title");
        var description = Fields.Text(request.Description, "description", Fields.DescriptionMax) ?? "";
        var bug = PatchStore.Optional(request.Bug, "bug", 200);
        return await gate.RunAsync(db, async token =>
        {
            // The kind of patch is the document that takes the request "submit".
            var wf = engine.Catalog.ForCreating(ApiRequests.Submit);
            var decision = engine.DecideCreate(wf, actor.Facts(), ApiRequests.Submit);
            var (_, action) = decision.OrThrow();
            var repository = await FindRepositoryAsync(request.Repository, token);
            string @base, head, identities, changeId;
            using (var repo = GitReader.Open(repository.Path))
            {
                @base = GitReader.Resolve(repo, request.Base ?? "", "base");
                head = GitReader.Resolve(repo, request.Head ?? "", "head");
                GitReader.EnsureRange(repo, @base, head);
                identities = PatchFactsOf.StoreIdentities(GitReader.Identities(repo, @base, head));
                changeId = PatchIds.Of(repo, @base, head);
            }
            if (request.Follows is { } follows)
            {
                await CheckFollowsAsync(follows, repository, token);
            }
            // One time for the patch, its first records and the event, in the log's precision.
            var now = CanonicalEvent.Stamp(clock.GetUtcNow());
            var patch = new Patch
            {
                Kind = wf.Name, State = decision.NextState!, Title = title, Description = description, Repository = repository,
                Author = actor.Name, Base = @base, Head = head, Bug = bug, Follows = request.Follows, CommitIdentities = identities,
                CreatedAt = now, UpdatedAt = now,
            };
            patch.Revisions.Add(new PatchRevision { Number = 1, Base = @base, Head = head, By = actor.Name, At = now, ChangeId = changeId });
            db.Patches.Add(patch);
            await db.SaveChangesAsync(token); // the event names the patch id
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "patch.submitted",
                new { action = action.Name, to = patch.State, repository = repository.Name, title, @base, bug, follows = request.Follows },
                patch.Id, head, wf.ContentHash, now), token);
            return patch;
        }, ct);
    }

    public async Task<Patch> DeclareEmergencyAsync(User actor, DeclareEmergency request, CancellationToken ct)
    {
        var title = PatchStore.Required(request.Title, "title");
        var reason = Fields.RequiredText(request.Reason, "reason", Fields.CommentMax);
        var arbitration = PatchStore.Optional(request.Arbitration, "arbitration", 200);
        return await gate.RunAsync(db, async token =>
        {
            var wf = engine.Catalog.ForCreating(ApiRequests.Declare);
            var decision = engine.DecideCreate(wf, actor.Facts(), ApiRequests.Declare);
            var (_, action) = decision.OrThrow();
            // Deploy first (the Effect deploys-production): to the first production environment.
            var deploys = wf.FindRequest(ApiRequests.Declare)!.Has(ApiRequests.DeploysProduction);
            var production = environments.All.First(e => e.Kind == DeploymentEnvironments.Production);
            var repository = await FindRepositoryAsync(request.Repository, token);
            // One time for the patch, its first records and the event, in the log's precision.
            var now = CanonicalEvent.Stamp(clock.GetUtcNow());
            string commit, @base, identities;
            CommitInfo info;
            using (var repo = GitReader.Open(repository.Path))
            {
                commit = GitReader.Resolve(repo, request.Commit ?? "", "commit");
                var previous = await PreviousProductionCommitAsync(repository.Id, token);
                @base = request.Base is { Length: > 0 } b ? GitReader.Resolve(repo, b, "base")
                    : previous is not null && previous != commit && GitReader.IsAncestor(repo, previous, commit) ? previous
                    : GitReader.FirstParent(repo, commit)
                      ?? throw Refusal.Invalid($"base: commit {commit[..12]} has no parent; name the base");
                GitReader.EnsureRange(repo, @base, commit);
                info = GitReader.Commits(repo, @base, commit)[^1];
                identities = PatchFactsOf.StoreIdentities(GitReader.Identities(repo, @base, commit));
            }
            // Deploy first, always; but a commit that drops what production ran is marked a rollback.
            var rollback = deploys && (await DroppedFromProductionAsync(repository, production.Name, commit, token)).Commits.Count > 0;
            var author = await db.Users.AsNoTracking()
                .Where(u => u.Email == info.Email || u.Name == info.Author)
                .Select(u => u.Name).FirstOrDefaultAsync(token);
            // The declarer's own signature, checked like any action's (the patch has no number yet).
            var signature = await signatures.CheckAsync(db, actor, wf, action.Name, repository.Name, null, 1, commit,
                new SignedRequest(ApiRequests.Declare, null, request.Signature), now, token);
            var deadline = wf.Deadlines.FirstOrDefault(d => d.CountedFrom == action.Name);
            var patch = new Patch
            {
                Kind = wf.Name, State = decision.NextState!, Title = title, Description = reason, Reason = reason, Repository = repository,
                Author = author, CommitAuthor = $"{info.Author} <{info.Email}>", DeclaredBy = actor.Name, CommitIdentities = identities,
                Base = @base, Head = commit, Arbitration = arbitration, CreatedAt = now, UpdatedAt = now,
                ReviewDeadline = deadline is null ? null : now + deadline.Duration,
            };
            patch.Revisions.Add(new PatchRevision { Number = 1, Base = @base, Head = commit, By = actor.Name, At = now });
            if (deploys)
            {
                patch.Deployments.Add(new Deployment
                {
                    Environment = production.Name, EnvironmentKind = production.Kind, Commit = commit,
                    By = actor.Name, Revision = 1, Emergency = true, Rollback = rollback, At = now,
                    Signature = signature?.Envelope, SignatureKeyId = signature?.KeyId,
                });
            }
            db.Patches.Add(patch);
            await db.SaveChangesAsync(token);
            object data = signature is null
                ? new { action = action.Name, to = patch.State, repository = repository.Name, title, reason, arbitration, @base,
                        reviewDeadline = patch.ReviewDeadline, commitAuthor = patch.CommitAuthor, rollback }
                : new { action = action.Name, to = patch.State, repository = repository.Name, title, reason, arbitration, @base,
                        reviewDeadline = patch.ReviewDeadline, commitAuthor = patch.CommitAuthor, rollback,
                        signature = new { keyId = signature.KeyId, digest = signature.Digest } };
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "emergency.declared", data, patch.Id, commit, wf.ContentHash, now), token);
            return patch;
        }, ct);
    }

    private async Task<GitRepository> FindRepositoryAsync(string? name, CancellationToken ct)
    {
        var repoName = PatchStore.Required(name, "repository");
        return await db.Repositories.FirstOrDefaultAsync(r => r.Name == repoName, ct)
            ?? throw Refusal.Invalid($"repository: '{repoName}' is not a registered repository");
    }

    private async Task<string?> PreviousProductionCommitAsync(int repositoryId, CancellationToken ct) =>
        await db.Deployments
            .Where(d => d.EnvironmentKind == DeploymentEnvironments.Production
                && db.Patches.Any(p => p.Id == d.PatchId && p.RepositoryId == repositoryId))
            .OrderByDescending(d => d.At)
            .Select(d => d.Commit)
            .FirstOrDefaultAsync(ct);

    // A follow-up follows a patch whose document takes "follow-up deployed", in a state where
    // that request is allowed (awaiting remedial changes).
    private async Task CheckFollowsAsync(int follows, GitRepository repository, CancellationToken ct)
    {
        var followed = await db.Patches.AsNoTracking().FirstOrDefaultAsync(p => p.Id == follows, ct)
            ?? throw Refusal.Invalid($"follows: patch {follows} does not exist");
        var wf = engine.For(followed.Kind);
        if (wf.FindRequest(ApiRequests.FollowUpDeployed) is not { } remedy)
        {
            throw Refusal.Invalid($"follows: patch {follows} is not an emergency (a {wf.Name} patch takes no follow-up)");
        }
        if (followed.RepositoryId != repository.Id)
        {
            throw Refusal.Invalid($"follows: emergency {follows} is in another repository");
        }
        var action = wf.FindAction(remedy.Action)!;
        if (!action.From.Contains(followed.State, StringComparer.Ordinal))
        {
            var cite = WorkflowRefusals.Cite(wf, action.Line);
            throw Refusal.Conflict($"follows: emergency {follows} is '{followed.State}', not awaiting remedial changes " +
                $"({cite}: a follow-up closes it from {string.Join(", ", action.From)})", cite);
        }
    }
}
