using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Git;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

// What an action recorded, for its audit event; Logged learns the event (the blessing keeps its log position).
// Settle: after the move, let the records the revision kept move the patch on (a rebase).
// Signed: what the person's signature must say, checked before anything is written; Target keeps it.
// Adds: the record the action made, as the engine judges it (where the patch goes, whether it counts).
internal sealed record ActionRecord(
    string EventType, string? Commit, object Details, Action<AuditEvent>? Logged = null, bool Settle = false,
    SignedRequest? Signed = null, ISignedRecord? Target = null, RecordFact? Adds = null);

internal sealed partial class PatchService
{
    private Task<Recorded> ActAsync(
        int id, User actor, string requestName, Func<Patch, DateTimeOffset, ActionRecord> record, CancellationToken ct) =>
        ActAsync(id, actor, requestName, (patch, now, _) => Task.FromResult(record(patch, now)), ct);

    // Decided before the gate, on what is committed, so that the group's writer does only the
    // writing; inside the gate a stamp (the patch's version, the actor's keys) shows whether
    // that state still holds. Where an earlier action of the group (or another server) changed
    // it, the action is decided again there, on the state that action left.
    private async Task<Recorded> ActAsync(
        int id, User actor, string requestName, Func<Patch, DateTimeOffset, CancellationToken, Task<ActionRecord>> record, CancellationToken ct)
    {
        if (WriteGate.InsideGate) return await gate.RunAsync(db, token => DecideAndWriteAsync(id, actor, requestName, record, token), ct);
        DecidedAction? decided;
        try
        {
            decided = await DecideAsync(id, actor, requestName, record, ct);
        }
        catch (Refusal)
        {
            // Refused on what is committed: judged again in the gate, on the state the actions
            // ahead of it leave (one of them may make it allowed).
            db.ChangeTracker.Clear();
            decided = null;
        }
        return await gate.RunAsync(db, async token =>
        {
            if (decided is not null && await decided.StillHoldsAsync(db, engine, token)) return await WriteAsync(decided, token);
            db.ChangeTracker.Clear();
            return await DecideAndWriteAsync(id, actor, requestName, record, token);
        }, ct);
    }

    // Decided and written in one go, inside the gate: actions whose rules read beyond the patch
    // (a production deployment reads what the environment runs, from other patches).
    private Task<Recorded> ActInGateAsync(
        int id, User actor, string requestName, Func<Patch, DateTimeOffset, CancellationToken, Task<ActionRecord>> record, CancellationToken ct) =>
        gate.RunAsync(db, token => DecideAndWriteAsync(id, actor, requestName, record, token), ct);

    private async Task<Recorded> DecideAndWriteAsync(
        int id, User actor, string requestName, Func<Patch, DateTimeOffset, CancellationToken, Task<ActionRecord>> record, CancellationToken ct) =>
        await WriteAsync(await DecideAsync(id, actor, requestName, record, ct), ct);

    // Reads what the action's rules need and asks the engine; writes nothing to the database.
    // One connection for all of its reads: EF Core would otherwise open and close one (and SQLite
    // run its pragmas) for each of the dozen queries. Inside the gate the connection is the
    // group's, already open, and stays so.
    private async Task<DecidedAction> DecideAsync(
        int id, User actor, string requestName, Func<Patch, DateTimeOffset, CancellationToken, Task<ActionRecord>> record, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await DecideOnOpenConnectionAsync(id, actor, requestName, record, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<DecidedAction> DecideOnOpenConnectionAsync(
        int id, User actor, string requestName, Func<Patch, DateTimeOffset, CancellationToken, Task<ActionRecord>> record, CancellationToken ct)
    {
        // The stamp with the patch row, before the rest: whatever changes after it, the gate's comparison sees.
        var (patch, stamp) = await PatchStore.LoadForActionAsync(db, id, actor, ct);
        var wf = engine.For(patch);
        var (facts, actorFacts) = (patch.Facts(), actor.Facts());
        // Refused before anything is resolved or written; allowed, the record is made and the
        // engine decides on it: the same rules on the same facts, now with where it goes.
        engine.Decide(wf, facts, actorFacts, requestName).OrThrow();
        var now = clock.GetUtcNow();
        var done = await record(patch, now, ct);
        var decision = engine.Decide(wf, facts, actorFacts, requestName, done.Adds);
        var (request, action) = decision.OrThrow();
        var signature = done.Signed is { } signed
            ? await signatures.CheckAsync(db, actor, wf, action.Name, patch.Repository.Name, patch.Id, patch.Revision,
                done.Commit ?? patch.Head, signed, now, ct)
            : null;
        return new DecidedAction(stamp, patch, actor, wf, decision, request, action, done, signature);
    }

    private async Task<Recorded> WriteAsync(DecidedAction d, CancellationToken ct)
    {
        var (patch, wf, done, signature) = (d.Patch, d.Workflow, d.Done, d.Signature);
        // One time, taken here inside the gate, for the record, the patch and the audit event, so
        // that the records follow the log's order (the decision's time may be earlier).
        var now = CanonicalEvent.Stamp(clock.GetUtcNow());
        if (done.Target is { } target)
        {
            target.At = now;
            if (signature is not null) (target.Signature, target.SignatureKeyId) = (signature.Envelope, signature.KeyId);
        }
        var from = patch.State;
        patch.State = d.Decision.NextState!;
        if (done.Settle) patch.State = engine.Settle(wf, patch.Facts());
        patch.UpdatedAt = now;
        patch.Version++;
        var logged = await audit.AppendAsync(db, new AuditEntry(d.Actor.Name, done.EventType,
            signature is null
                ? new { action = d.Action.Name, from, to = patch.State, revision = patch.Revision, details = done.Details }
                : new { action = d.Action.Name, from, to = patch.State, revision = patch.Revision, details = done.Details,
                        signature = new { keyId = signature.KeyId, digest = signature.Digest } },
            patch.Id, done.Commit, wf.ContentHash, now), ct);
        done.Logged?.Invoke(logged);
        await RecordOutcomeAsync(patch, d.Request, from, now, ct);
        if (d.Request.Has(ApiRequests.ClosesFollowed) && patch.Follows is { } emergencyId)
        {
            await RemediateAsync(emergencyId, patch, now, ct);
        }
        return new Recorded(patch, d.Decision.Counted ?? new Counting(true, null));
    }

    // The first move by a request whose Effect is ends-review ends an emergency's after-the-fact
    // review (the document's Requests table): the report needs how long it took.
    private async Task RecordOutcomeAsync(Patch patch, WorkflowRequest request, string from, DateTimeOffset now, CancellationToken ct)
    {
        if (!request.Has(ApiRequests.EndsReview) || from == patch.State || patch.OutcomeAt is not null) return;
        patch.OutcomeAt = now;
        var wf = engine.For(patch);
        await audit.AppendAsync(db, new AuditEntry(Principal.System, "emergency.outcome",
            new { outcome = patch.State, hoursSinceDeployment = Math.Round((now - patch.CreatedAt).TotalHours, 2) },
            patch.Id, patch.Head, wf.ContentHash), ct);
    }

    // Deploying the remedial follow-up closes the patch it follows: the engine checks that the
    // followed patch's document takes "follow-up deployed" now (its action belongs to "system").
    private async Task RemediateAsync(int emergencyId, Patch followUp, DateTimeOffset now, CancellationToken ct)
    {
        var emergency = await db.Patches.WithRecords().FirstAsync(p => p.Id == emergencyId, ct);
        var wf = engine.For(emergency);
        if (wf.FindRequest(ApiRequests.FollowUpDeployed) is not { } remedy
            || !wf.FindAction(remedy.Action)!.From.Contains(emergency.State, StringComparer.Ordinal))
        {
            return; // already remediated by an earlier production deployment of the follow-up
        }
        var decision = engine.Decide(wf, emergency.Facts(), ActorFacts.System, ApiRequests.FollowUpDeployed);
        var (_, action) = decision.OrThrow();
        var from = emergency.State;
        emergency.State = decision.NextState!;
        emergency.UpdatedAt = now;
        emergency.Version++;
        await audit.AppendAsync(db, new AuditEntry(Principal.System, "emergency.remediated",
            new { action = action.Name, from, to = emergency.State, followUp = followUp.Id,
                  hoursSinceDeployment = Math.Round((now - emergency.CreatedAt).TotalHours, 2) },
            emergency.Id, followUp.Head, wf.ContentHash), ct);
    }

    // The commit a review or test is about: the one its Requests row names (Commit: head or
    // blessing); a commit the caller names must be that one.
    private string NamedCommit(Patch patch, string requestName, string? named)
    {
        var wf = engine.For(patch);
        var rule = wf.FindRequest(requestName)!;
        var expected = rule.Commit == ApiRequests.BlessedCommit ? patch.Blessing?.Commit : patch.Head;
        if (string.IsNullOrWhiteSpace(named)) return expected ?? patch.Head;
        // The usual case, the caller names the very commit expected: git would resolve it to
        // itself, so the repository is not opened inside the write gate for it.
        if (expected is not null && string.Equals(named, expected, StringComparison.Ordinal)) return expected;
        var commit = ResolveNamed(patch, named, "commit");
        if (rule.Commit is not null && !string.Equals(commit, expected, StringComparison.Ordinal))
        {
            throw Refusal.Conflict(rule.Commit == ApiRequests.HeadCommit
                ? $"commit: {commit[..12]} is no longer the head of patch {patch.Id} (revision {patch.Revision} is {patch.Head[..12]}); nothing was recorded"
                : $"commit: {commit[..12]} is not the blessed commit of patch {patch.Id}; nothing was recorded",
                WorkflowRefusals.Cite(wf, rule.Line));
        }
        return commit;
    }

    private static string ResolveNamed(Patch patch, string? commitish, string field)
    {
        using var repo = GitReader.Open(patch.Repository.Path);
        return GitReader.Resolve(repo, commitish ?? "", field);
    }
}
