using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Git;
using Assessment.Core.Input;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

// The actions on an existing patch. Each one runs in the WriteGate: load, let the engine
// authorise, record, let the engine pick the next state, append the audit event, commit.
internal sealed partial class PatchService(
    AssessmentDb db, WorkflowEngine engine, WriteGate gate, AuditLog audit, TimeProvider clock, DeploymentEnvironments environments)
{
    public Task<Patch> ReviewAsync(int id, User actor, ReviewRequest request, CancellationToken ct)
    {
        // The verdict is the workflow action: "approve" or "request-changes".
        var action = PatchStore.OneOf(request.Verdict, "verdict", Verdicts.Approve, Verdicts.RequestChanges);
        var comment = Fields.Text(request.Comment, "comment", Fields.CommentMax) ?? "";
        return ActAsync(id, actor, action, (patch, now) =>
        {
            var commit = CurrentHead(patch, request.Commit);
            patch.Reviews.Add(new Review
            {
                By = actor.Name, Verdict = action, Comment = comment, Commit = commit, Revision = patch.Revision, At = now,
            });
            return new ActionRecord("patch.reviewed", commit, new { verdict = action, comment });
        }, ct);
    }

    public Task<Patch> TestAsync(int id, User actor, TestRequest request, CancellationToken ct)
    {
        // The result is the workflow action: "pass" or "fail".
        var action = PatchStore.OneOf(request.Result, "result", Verdicts.Pass, Verdicts.Fail);
        var comment = Fields.Text(request.Comment, "comment", Fields.CommentMax) ?? "";
        return ActAsync(id, actor, action, (patch, now) =>
        {
            var commit = CurrentHead(patch, request.Commit);
            patch.Tests.Add(new TestRecord
            {
                By = actor.Name, Result = action, Comment = comment, Commit = commit, Revision = patch.Revision, At = now,
            });
            return new ActionRecord("patch.tested", commit, new { result = action, comment });
        }, ct);
    }

    public async Task<Patch> DeployAsync(int id, User actor, DeployRequest request, CancellationToken ct)
    {
        var environment = environments.Get(request.Environment);
        var action = environment.Kind == DeploymentEnvironments.Production ? "deploy-production" : "deploy-test";
        // The second pair of eyes of a production deployment is a person the log can name.
        var witness = PatchStore.Optional(request.Witness, "witness", Fields.NameMax);
        if (witness is not null && !await db.Users.AnyAsync(u => u.Name == witness, ct))
        {
            throw Problem.Unusable($"witness: '{witness}' is not a user");
        }
        return await ActAsync(id, actor, action, (patch, now) =>
        {
            var commit = ResolveNamed(patch, request.Commit, "commit");
            var expected = environment.Kind == DeploymentEnvironments.Production ? patch.Blessing?.Commit : patch.Head;
            if (!string.Equals(commit, expected, StringComparison.Ordinal))
            {
                var what = environment.Kind == DeploymentEnvironments.Production ? "the blessed commit" : "the patch's current head";
                throw Problem.Conflict($"commit: {commit[..12]} is not {what} ({expected?[..12]}); only that exact commit may go to '{environment.Name}'");
            }
            if (environment.Kind == DeploymentEnvironments.Production && !environments.AwaitingProduction(patch).Contains(environment))
            {
                throw Problem.Conflict($"environment: commit {commit[..12]} is already deployed to '{environment.Name}'");
            }
            if (witness is not null && string.Equals(witness, actor.Name, StringComparison.Ordinal))
            {
                throw Problem.Forbidden("witness: the second pair of eyes must be someone other than the deployer");
            }
            patch.Deployments.Add(new Deployment
            {
                Environment = environment.Name, EnvironmentKind = environment.Kind, Commit = commit, By = actor.Name,
                Witness = witness, Revision = patch.Revision, At = now,
            });
            return new ActionRecord("patch.deployed", commit, new { environment = environment.Name, kind = environment.Kind, witness });
        }, ct);
    }

    public Task<Patch> BlessAsync(int id, User actor, string? comment, CancellationToken ct)
    {
        var text = Fields.Text(comment, "comment", Fields.CommentMax) ?? "";
        return ActAsync(id, actor, "bless", (patch, now) =>
        {
            var wf = engine.For(patch);
            var missing = wf.Counts.Select(c => engine.Count(wf, patch, c)).Where(c => !c.Reached).ToList();
            if (missing.Count > 0)
            {
                throw Problem.Conflict("bless: counts not met: " + string.Join(", ", missing.Select(c => $"{c.Name} {c.Have} of {c.Need}")));
            }
            var blessing = new Blessing { By = actor.Name, Comment = text, Commit = patch.Head, At = now };
            patch.Blessing = blessing;
            return new ActionRecord("patch.blessed", patch.Head, new { comment = text }, e => blessing.EventSequence = e.Sequence);
        }, ct);
    }

    public Task<Patch> WithdrawAsync(int id, User actor, string? comment, CancellationToken ct)
    {
        var text = Fields.Text(comment, "comment", Fields.CommentMax) ?? "";
        return ActAsync(id, actor, "withdraw", (patch, _) => new ActionRecord("patch.withdrawn", patch.Head, new { comment = text }), ct);
    }

    public Task<Patch> ReviseAsync(int id, User actor, string? head, CancellationToken ct) =>
        ActAsync(id, actor, "revise", (patch, now) =>
        {
            var newHead = ResolveNamed(patch, head, "head");
            if (string.Equals(newHead, patch.Head, StringComparison.Ordinal))
            {
                throw Problem.Conflict($"head: {newHead[..12]} is already the head of patch {patch.Id}");
            }
            using (var repo = GitReader.Open(patch.Repository.Path))
            {
                GitReader.EnsureRange(repo, patch.Base, newHead);
            }
            var previous = patch.Head;
            patch.Revision++;
            patch.Head = newHead;
            patch.Revisions.Add(new PatchRevision { Number = patch.Revision, Base = patch.Base, Head = newHead, By = actor.Name, At = now });
            return new ActionRecord("patch.revised", newHead, new { revision = patch.Revision, previousHead = previous });
        }, ct);
}
