using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Input;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

// The actions on an existing patch. Each one is decided before the WriteGate (load, let the
// engine authorise, record, let the engine pick the next state, check the signature) and
// written in it (check the state is the one decided on, append the audit event, commit).
internal sealed partial class PatchService(
    AssessmentDb db, WorkflowEngine engine, WriteGate gate, AuditLog audit, TimeProvider clock, DeploymentEnvironments environments,
    ISignatureCheck signatures)
{
    public async Task<Recorded> ReviewAsync(int id, User actor, ReviewRequest request, CancellationToken ct)
    {
        // API.md's verdict; the document's Requests table says which of its actions it takes.
        var verdict = PatchStore.OneOf(request.Verdict, "verdict", ApiRequests.Verdicts);
        var comment = Fields.Text(request.Comment, "comment", Fields.CommentMax) ?? "";
        return await ActAsync(id, actor, ApiRequests.ReviewWith(verdict), (patch, now) =>
        {
            var commit = NamedCommit(patch, ApiRequests.ReviewWith(verdict), request.Commit);
            var review = new Review
            {
                By = actor.Name, Verdict = verdict, Comment = comment, Commit = commit, Revision = patch.Revision, At = now,
            };
            patch.Reviews.Add(review);
            return new ActionRecord("patch.reviewed", commit, new { verdict, comment },
                Signed: new SignedRequest(ApiRequests.Review, verdict, request.Signature), Target: review, Adds: review.Fact());
        }, ct);
    }

    public async Task<Recorded> TestAsync(int id, User actor, TestRequest request, CancellationToken ct)
    {
        // API.md's result; the document's Requests table says which of its actions it takes.
        var result = PatchStore.OneOf(request.Result, "result", ApiRequests.Results);
        var comment = Fields.Text(request.Comment, "comment", Fields.CommentMax) ?? "";
        return await ActAsync(id, actor, ApiRequests.TestWith(result), (patch, now) =>
        {
            var commit = NamedCommit(patch, ApiRequests.TestWith(result), request.Commit);
            var test = new TestRecord
            {
                By = actor.Name, Result = result, Comment = comment, Commit = commit, Revision = patch.Revision, At = now,
            };
            patch.Tests.Add(test);
            return new ActionRecord("patch.tested", commit, new { result, comment },
                Signed: new SignedRequest(ApiRequests.Test, result, request.Signature), Target: test, Adds: test.Fact());
        }, ct);
    }

    public async Task<Patch> DeployAsync(int id, User actor, DeployRequest request, CancellationToken ct)
    {
        var environment = environments.Get(request.Environment);
        var requestName = ApiRequests.DeployTo(environment.Kind);
        // The second pair of eyes of a production deployment is a person the log can name.
        var witness = PatchStore.Optional(request.Witness, "witness", Fields.NameMax);
        if (witness is not null && !await db.Users.AnyAsync(u => u.Name == witness, ct))
        {
            throw Refusal.Invalid($"witness: '{witness}' is not a user");
        }
        // Decided inside the gate: whether production moves forward reads other patches' deployments.
        return (await ActInGateAsync(id, actor, requestName, async (patch, now, token) =>
        {
            var wf = engine.For(patch);
            var rule = wf.FindRequest(requestName)!;
            var cite = WorkflowRefusals.Cite(wf, rule.Line);
            var commit = ResolveNamed(patch, request.Commit, "commit");
            // The document says which commit this deployment must put there (Requests, Commit).
            var expected = rule.Commit switch
            {
                ApiRequests.HeadCommit => patch.Head,
                ApiRequests.BlessedCommit => patch.Blessing?.Commit,
                _ => commit,
            };
            if (!string.Equals(commit, expected, StringComparison.Ordinal))
            {
                var what = rule.Commit == ApiRequests.BlessedCommit ? "the blessed commit" : "the patch's current head";
                throw Refusal.Conflict($"commit: {commit[..12]} is not {what} ({expected?[..12]}); only that exact commit may go to " +
                    $"'{environment.Name}' ({cite})", cite);
            }
            if (environment.Kind == DeploymentEnvironments.Production && !environments.AwaitingProduction(patch).Contains(environment))
            {
                throw Refusal.Conflict($"environment: commit {commit[..12]} is already deployed to '{environment.Name}'");
            }
            if (witness is not null && rule.Requires.Contains(ApiRequests.DistinctWitness, StringComparer.Ordinal)
                && string.Equals(witness, actor.Name, StringComparison.Ordinal))
            {
                throw Refusal.Forbidden($"witness: the second pair of eyes must be someone other than the deployer ({cite})", cite);
            }
            // Production only moves forward where the document's row requires it (Requires: forward).
            if (rule.Requires.Contains(ApiRequests.Forward, StringComparer.Ordinal))
            {
                var dropped = await DroppedFromProductionAsync(patch.Repository, environment.Name, commit, token);
                if (dropped.Running is { } running && dropped.Commits.Count > 0)
                {
                    throw Refusal.Conflict(
                        $"commit: {commit[..12]} does not contain {running[..12]}, which '{environment.Name}' runs now; deploying it would drop " +
                        $"{string.Join(", ", dropped.Commits.Select(c => $"{c.Sha[..12]} ({c.Title})"))}. Production only moves forward: " +
                        $"revise patch {patch.Id} onto the current production commit {running[..12]} and take it through review again " +
                        $"({cite})", cite);
                }
            }
            var handover = await HandoverDigestAsync(patch, environment.Kind, request.Handover, token);
            var deployment = new Deployment
            {
                Environment = environment.Name, EnvironmentKind = environment.Kind, Commit = commit, By = actor.Name,
                Witness = witness, Revision = patch.Revision, At = now, HandoverDigest = handover,
            };
            patch.Deployments.Add(deployment);
            var signed = new SignedRequest(ApiRequests.Deploy, environment.Name, request.Signature);
            // A production deployment's event says which hand-over was checked, or (null) that none was.
            return environment.Kind == DeploymentEnvironments.Production
                ? new ActionRecord("patch.deployed", commit, new { environment = environment.Name, kind = environment.Kind, witness, handover },
                    Signed: signed, Target: deployment, Adds: deployment.Fact())
                : new ActionRecord("patch.deployed", commit, new { environment = environment.Name, kind = environment.Kind, witness },
                    Signed: signed, Target: deployment, Adds: deployment.Fact());
        }, ct)).Patch;
    }

    public async Task<Patch> BlessAsync(int id, User actor, string? comment, CancellationToken ct, System.Text.Json.JsonElement? signature = null)
    {
        var text = Fields.Text(comment, "comment", Fields.CommentMax) ?? "";
        // What must be reached first is the document's (Requests, Requires): the engine checks it.
        return (await ActAsync(id, actor, ApiRequests.Bless, (patch, now) =>
        {
            var blessing = new Blessing { By = actor.Name, Comment = text, Commit = patch.Head, At = now };
            patch.Blessing = blessing;
            return new ActionRecord("patch.blessed", patch.Head, new { comment = text }, e => blessing.EventSequence = e.Sequence,
                Signed: new SignedRequest(ApiRequests.Bless, null, signature), Target: blessing, Adds: patch.Fact(blessing));
        }, ct)).Patch;
    }

    public async Task<Patch> WithdrawAsync(int id, User actor, string? comment, CancellationToken ct)
    {
        var text = Fields.Text(comment, "comment", Fields.CommentMax) ?? "";
        return (await ActAsync(id, actor, ApiRequests.Withdraw, (patch, _) => new ActionRecord("patch.withdrawn", patch.Head, new { comment = text }), ct)).Patch;
    }
}
