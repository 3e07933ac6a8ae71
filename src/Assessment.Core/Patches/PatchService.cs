using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Input;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

// The actions on an existing patch. Each one runs in the WriteGate: load, let the engine
// authorise, record, let the engine pick the next state, append the audit event, commit.
internal sealed partial class PatchService(
    AssessmentDb db, WorkflowEngine engine, WriteGate gate, AuditLog audit, TimeProvider clock, DeploymentEnvironments environments)
{
    // The actions the deployment and blessing requests take.
    internal const string DeployProduction = "deploy-production", DeployTest = "deploy-test", Bless = "bless";

    public async Task<Recorded> ReviewAsync(int id, User actor, ReviewRequest request, CancellationToken ct)
    {
        // The verdict is the workflow action: "approve" or "request-changes".
        var action = PatchStore.OneOf(request.Verdict, "verdict", Verdicts.Approve, Verdicts.RequestChanges);
        var comment = Fields.Text(request.Comment, "comment", Fields.CommentMax) ?? "";
        var patch = await ActAsync(id, actor, action, (patch, now) =>
        {
            var commit = CurrentHead(patch, request.Commit);
            patch.Reviews.Add(new Review
            {
                By = actor.Name, Verdict = action, Comment = comment, Commit = commit, Revision = patch.Revision, At = now,
            });
            return new ActionRecord("patch.reviewed", commit, new { verdict = action, comment });
        }, ct);
        return Answer(patch, actor, action);
    }

    public async Task<Recorded> TestAsync(int id, User actor, TestRequest request, CancellationToken ct)
    {
        // The result is the workflow action: "pass" or "fail".
        var action = PatchStore.OneOf(request.Result, "result", Verdicts.Pass, Verdicts.Fail);
        var comment = Fields.Text(request.Comment, "comment", Fields.CommentMax) ?? "";
        var patch = await ActAsync(id, actor, action, (patch, now) =>
        {
            var commit = CurrentHead(patch, request.Commit);
            patch.Tests.Add(new TestRecord
            {
                By = actor.Name, Result = action, Comment = comment, Commit = commit, Revision = patch.Revision, At = now,
            });
            return new ActionRecord("patch.tested", commit, new { result = action, comment });
        }, ct);
        return Answer(patch, actor, action);
    }

    // Whether the record just made counts, as the engine judges it on the patch it left.
    private Recorded Answer(Patch patch, User actor, string actionName)
    {
        var wf = engine.For(patch);
        return new Recorded(patch, engine.Counted(wf, patch.Facts(), actor.Facts(), wf.FindAction(actionName)!));
    }

    public async Task<Patch> DeployAsync(int id, User actor, DeployRequest request, CancellationToken ct)
    {
        var environment = environments.Get(request.Environment);
        var action = environment.Kind == DeploymentEnvironments.Production ? DeployProduction : DeployTest;
        // The second pair of eyes of a production deployment is a person the log can name.
        var witness = PatchStore.Optional(request.Witness, "witness", Fields.NameMax);
        if (witness is not null && !await db.Users.AnyAsync(u => u.Name == witness, ct))
        {
            throw Problem.Unusable($"witness: '{witness}' is not a user");
        }
        return await ActAsync(id, actor, action, async (patch, now, token) =>
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
            if (environment.Kind == DeploymentEnvironments.Production)
            {
                var dropped = await DroppedFromProductionAsync(patch.Repository, environment.Name, commit, token);
                if (dropped.Running is { } running && dropped.Commits.Count > 0)
                {
                    throw Problem.Conflict(
                        $"commit: {commit[..12]} does not contain {running[..12]}, which '{environment.Name}' runs now; deploying it would drop " +
                        $"{string.Join(", ", dropped.Commits.Select(c => $"{c.Sha[..12]} ({c.Title})"))}. Production only moves forward: " +
                        $"revise patch {patch.Id} onto the current production commit {running[..12]} and take it through review again");
                }
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
        return ActAsync(id, actor, Bless, (patch, now) =>
        {
            var missing = engine.Counts(patch.Facts()).Where(c => !c.Reached).ToList();
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
}
