using System.Text.Json;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Patches;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.GitHub;

internal sealed record WebhookResult(bool Applied, string Detail, int? Patch = null);

// Applies a verified webhook delivery: a pull request's new commits become a new revision of
// its patch (through the workflow's revise, as its author); a pull request closed without merging
// withdraws it; a push to a repository's production branch runs the drift check and logs what no
// patch covers. Each applied delivery is recorded with what it did, in the same transaction,
// so that a redelivery of it is applied no second time.
internal sealed class Webhook(AssessmentDb db, WriteGate gate, AuditLog audit, PatchService patches, GitHubMirror mirror, TimeProvider clock)
{
    public const string AppliedEvent = "github.delivery-applied";

    public async Task<WebhookResult> HandleAsync(string? eventName, string? deliveryId, JsonElement payload, CancellationToken ct)
    {
        eventName = Input.Fields.Required(eventName, "X-GitHub-Event", 100);
        deliveryId = Input.Fields.Required(deliveryId, "X-GitHub-Delivery", 100);
        if (await db.GitHubDeliveries.AsNoTracking().AnyAsync(d => d.DeliveryId == deliveryId, ct))
        {
            return new WebhookResult(false, $"delivery {deliveryId} was applied before; applied once only");
        }
        var fullName = Text(payload, "repository", "full_name");
        var repositories = fullName is null ? [] : (await db.Repositories.AsNoTracking().Where(r => r.GitHub != null).ToListAsync(ct))
            .Where(r => string.Equals(r.GitHub, fullName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (repositories.Count == 0) return new WebhookResult(false, $"no registered repository names '{fullName}' as its GitHub counterpart");
        var sender = Text(payload, "sender", "login");
        var delivery = new Delivery(deliveryId, eventName, sender, Text(payload, "action"));
        return eventName switch
        {
            "pull_request" => await PullRequestAsync(delivery, repositories, payload, ct),
            "push" => await PushAsync(delivery, repositories, payload, ct),
            _ => new WebhookResult(false, $"event '{eventName}' is not one Assessment acts on"),
        };
    }

    private sealed record Delivery(string Id, string Event, string? Sender, string? Action);

    private async Task<WebhookResult> PullRequestAsync(Delivery delivery, List<GitRepository> repositories, JsonElement payload, CancellationToken ct)
    {
        var number = payload.TryGetProperty("number", out var n) && n.TryGetInt32(out var v) ? v : 0;
        var ids = repositories.Select(r => r.Id).ToList();
        var found = await db.GitHubPatches.AsNoTracking().Where(g => g.PullRequest == number)
            .Join(db.Patches.Where(p => ids.Contains(p.RepositoryId)), g => g.PatchId, p => p.Id, (g, p) => new { p.Id, p.RepositoryId })
            .FirstOrDefaultAsync(ct);
        if (found is null) return new WebhookResult(false, $"pull request #{number} is not a patch here");
        var patchId = found.Id;
        var author = await AuthorAsync(patchId, ct);
        switch (delivery.Action)
        {
            case "synchronize":
                var head = Text(payload, "pull_request", "head", "sha") ?? throw Refusal.Malformed("pull_request.head.sha: required");
                await mirror.FetchAsync(repositories.First(r => r.Id == found.RepositoryId), ct);
                return await ApplyAsync(delivery, patchId, head, t => patches.ReviseAsync(patchId, author, head, null, t),
                    $"pull request #{number}'s new head {head[..Math.Min(12, head.Length)]} is revision", ct);
            case "closed" when payload.TryGetProperty("pull_request", out var pr) && pr.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.False:
                var comment = $"pull request #{number} was closed on GitHub without merging" + (delivery.Sender is { } s ? $" by {s}" : "");
                return await ApplyAsync(delivery, patchId, null, t => patches.WithdrawAsync(patchId, author, comment, t), "withdrawn: " + comment, ct);
            default:
                return new WebhookResult(false, $"pull_request '{delivery.Action}' changes nothing here", patchId);
        }
    }

    private async Task<WebhookResult> PushAsync(Delivery delivery, List<GitRepository> repositories, JsonElement payload, CancellationToken ct)
    {
        var pushed = Text(payload, "ref");
        var after = Text(payload, "after");
        var repository = repositories.FirstOrDefault(r => string.Equals(pushed, "refs/heads/" + r.ProductionBranch, StringComparison.Ordinal));
        if (repository is null || after is null || after.All(c => c == '0'))
        {
            return new WebhookResult(false, $"a push to '{pushed}' is not a push to a production branch");
        }
        await mirror.FetchAsync(repository, ct);
        return await gate.RunAsync(db, async t =>
        {
            if (await db.GitHubDeliveries.AnyAsync(d => d.DeliveryId == delivery.Id, t)) return new WebhookResult(false, $"delivery {delivery.Id} was applied before");
            var drift = await CommitDrift.CheckAsync(db, gate, audit, repository, after, "system", t);
            await RecordAsync(delivery, null, after, new
            {
                repository = repository.Name, @ref = pushed, before = Text(payload, "before"), after,
                uncovered = drift.Commits.Select(c => new { sha = c.Sha, title = c.Title, author = c.Author }),
            }, t);
            return new WebhookResult(true, drift.Commits.Count == 0
                ? $"production {after[..12]}: every commit is covered by a patch"
                : $"production {after[..12]}: {drift.Commits.Count} commit(s) no patch covers: {string.Join(", ", drift.Commits.Select(c => c.Sha[..12]))}");
        }, ct);
    }

    private Task<WebhookResult> ApplyAsync(
        Delivery delivery, int patchId, string? commit, Func<CancellationToken, Task<Patch>> act, string what, CancellationToken ct) =>
        gate.RunAsync(db, async t =>
        {
            if (await db.GitHubDeliveries.AnyAsync(d => d.DeliveryId == delivery.Id, t)) return new WebhookResult(false, $"delivery {delivery.Id} was applied before", patchId);
            var patch = await act(t);
            await RecordAsync(delivery, patch.Id, commit ?? patch.Head, new { revision = patch.Revision, state = patch.State }, t);
            return new WebhookResult(true, commit is null ? what : $"{what} {patch.Revision}", patch.Id);
        }, ct);

    private async Task RecordAsync(Delivery delivery, int? patchId, string commit, object details, CancellationToken ct)
    {
        db.GitHubDeliveries.Add(new GitHubDelivery { DeliveryId = delivery.Id, Event = delivery.Event, ReceivedAt = clock.GetUtcNow() });
        await audit.AppendAsync(db, new AuditEntry("system", AppliedEvent,
            new { delivery = delivery.Id, @event = delivery.Event, action = delivery.Action, sender = delivery.Sender, details }, patchId, commit), ct);
    }

    private async Task<User> AuthorAsync(int patchId, CancellationToken ct)
    {
        var name = await db.Patches.AsNoTracking().Where(p => p.Id == patchId).Select(p => p.Author).FirstOrDefaultAsync(ct);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == name, ct)
            ?? throw Refusal.Conflict($"patch {patchId} has no author who is a user; its pull request cannot act for them");
    }

    private static string? Text(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return null;
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}
